"""What the open-set benchmarks (bench/eval-banking77, bench/eval-clinc150) share: the swarm they
route with, the files they write, the `apiary eval` steps (before, --fit --write, after) and the
report. Each benchmark only builds its examples, fit and test rows from its own data."""
import csv
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
OOS = "out_of_scope"
ENCODERS = {"minilm": "all-MiniLM-L6-v2", "mpnet": "all-mpnet-base-v2"}
LLMS = {"qwen05": "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf", "qwen15": "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"}
FIGURES = ("accuracy", "in_scope_accuracy", "out_of_scope_precision", "out_of_scope_recall", "macro_f1")


def add_arguments(parser, data_default):
    """The options every open-set benchmark takes."""
    parser.add_argument("--data", default=data_default)
    parser.add_argument("--apiary", default=os.path.join(ROOT, ".build/release/apiary"))
    parser.add_argument("--shots", type=int, default=10)
    parser.add_argument("--seeds", default="1,2,3")
    parser.add_argument("--oos-recall", type=float, default=0.85)
    parser.add_argument("--observed-recall", action="store_true",
                        help="hold the recall target on the fit file's observed recall (apiary eval --observed-recall)")
    parser.add_argument("--strategies", default="classifier,embedding")
    parser.add_argument("--encoder", choices=sorted(ENCODERS), default="minilm")
    parser.add_argument("--llm", choices=sorted(LLMS))
    parser.add_argument("--sample", type=int, help="N in-scope and N out-of-scope requests per file")
    parser.add_argument("--oos-examples", type=int, default=0)
    parser.add_argument("--keep", help="keep the generated files in this directory")
    parser.add_argument("--ceiling", action="store_true",
                        help="then fit the swarm on the test file itself (observed recall R) and test again: about the "
                             "best these thresholds reach there, so the gap to `after` is the fit's, the rest below "
                             "the goal the evidence's")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--verbose", action="store_true")


def write_csv(path, rows, prefix):
    """rows: (text, domain, split) — the examples-file and labelled-ticket shape `apiary` reads."""
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["id", "text", "domain", "split"])
        for i, (text, domain, split) in enumerate(rows):
            w.writerow([f"{prefix}-{i + 1}", text, domain, split])


def swarm_text(name, domains, strategies, examples, encoder, llm):
    models = ROOT + "/models"
    if llm:
        strategies = strategies + ["llm"]
    lines = [
        f'name = "{name}"',
        f'examples = "{examples}"',
        "",
        "[models]",
        f'smol = {{ path = "{models}/SmolLM2-135M-Instruct.Q4_1.gguf" }}',
    ] + ([f'{llm} = {{ path = "{models}/{LLMS[llm]}" }}'] if llm else []) + [
        f'{encoder} = {{ path = "{models}/{ENCODERS[encoder]}", kind = "embedding" }}',
        "",
        "[router]",
        "strategies = [" + ", ".join(f'"{s}"' for s in strategies) + "]",
        f'embedding_model = "{encoder}"',
        f'llm_model = "{llm or "smol"}"',
        "min_confidence = 0.6",
        "min_margin = 0.1",
        'out_of_scope = "review"',
        "",
        "[input]",
        'id = "id"',
        'text = ["text"]',
        "",
    ]
    for d in domains:
        lines += ["[[domains]]", f'name = "{d}"', f'description = "{d.replace("_", " ")}"', ""]
    for d in domains:
        lines += [f"[specialists.{d}]", 'model = "smol"', "max_tokens = 16", ""]
    return "\n".join(lines)


def sample(rows, n, rng):
    """n in-scope and n out-of-scope rows, drawn with rng, in their order."""
    keep = set()
    for in_scope in (True, False):
        indices = [i for i, row in enumerate(rows) if (row[1] != OOS) == in_scope]
        keep.update(rng.sample(indices, min(n, len(indices))))
    return [row for i, row in enumerate(rows) if i in keep]


def apiary(args, binary, verbose):
    if verbose:
        print("$ apiary " + " ".join(args), file=sys.stderr)
    run = subprocess.run([binary] + args, capture_output=True, text=True)
    if run.returncode not in (0, 3):
        sys.exit(f"apiary {' '.join(args)} failed ({run.returncode}): {run.stderr}")
    return json.loads(run.stdout)


def evaluate(name, seed, rng, domains, examples, fit, test, args):
    """Writes the swarm and the three files, then eval before, --fit --write on fit, eval after.
    rng (the seed's, after the benchmark's own draws) draws --sample's requests."""
    if args.sample:
        fit = sample(fit, args.sample, rng)
        test = sample(test, args.sample, rng)
    if args.keep:
        os.makedirs(args.keep, exist_ok=True)
        return run_steps(name, seed, args.keep, domains, examples, fit, test, args)
    with tempfile.TemporaryDirectory(prefix=name + "-") as directory:
        return run_steps(name, seed, directory, domains, examples, fit, test, args)


def run_steps(name, seed, directory, domains, examples, fit, test, args):
    """The three `apiary eval` steps over files written in directory."""
    paths = {kind: os.path.join(directory, f"{kind}-{seed}.csv") for kind in ("examples", "fit", "test")}
    for kind, rows in (("examples", examples), ("fit", fit), ("test", test)):
        write_csv(paths[kind], rows, name[0].upper())
    swarm = os.path.join(directory, f"{name}-{seed}.toml")
    with open(swarm, "w") as f:
        f.write(swarm_text(name, domains, args.strategies.split(","), paths["examples"], args.encoder, args.llm))
    before = apiary(["eval", swarm, paths["test"], "--json"], args.apiary, args.verbose)
    fitted = apiary(["eval", swarm, paths["fit"], "--fit", "--oos-recall", str(args.oos_recall), "--write", "--json"]
                    + (["--observed-recall"] if args.observed_recall else []), args.apiary, args.verbose)
    after = apiary(["eval", swarm, paths["test"], "--json"], args.apiary, args.verbose)
    result = {"seed": seed, "domains": domains, "test": len(test), "test_out_of_scope": sum(r[1] == OOS for r in test),
              "before": before, "fit": fitted, "after": after}
    if args.ceiling:
        # The fit's own search aimed at the test's requests (observed recall): about the best these
        # thresholds do there, so what the fit loses tells apart from what the evidence lacks.
        apiary(["eval", swarm, paths["test"], "--fit", "--oos-recall", str(args.oos_recall), "--observed-recall",
                "--write", "--json"], args.apiary, args.verbose)
        result["ceiling"] = apiary(["eval", swarm, paths["test"], "--json"], args.apiary, args.verbose)
    return result


def figures(report):
    c = report["cascade"]
    return {k: c.get(k) for k in FIGURES}


def report(results, title, args):
    """The table (or --json) over the seeds' results."""
    if args.json:
        print(json.dumps([{"seed": r["seed"], "before": figures(r["before"]), "after": figures(r["after"]),
                           "cross_validated": figures(r["fit"]["after"]), "fitted": r["fit"]["fitted"]}
                          | ({"ceiling": figures(r["ceiling"])} if "ceiling" in r else {}) for r in results]))
        return
    stages = ("before", "after") + (("ceiling",) if args.ceiling else ())
    print(f"{title}, {args.shots} examples each, strategies {args.strategies}, encoder {ENCODERS[args.encoder]}, "
          + (f"llm {LLMS[args.llm]}, " if args.llm else "")
          + (f"{args.sample} + {args.sample} requests per file, " if args.sample else "")
          + f"fit toward OOS recall ≥ {args.oos_recall} " + ("as observed" if args.observed_recall else "at the interval's lower end")
          + (f", {args.oos_examples} OOS examples" if args.oos_examples else ""))
    print(f"{'seed':>4} {'':7} {'accuracy':>9} {'in-scope':>9} {'OOS prec':>9} {'OOS rec':>9} {'macro-F1':>9}")
    for r in results:
        for label in stages:
            f = figures(r[label])
            print(f"{r['seed']:>4} {label:7} " + " ".join(f"{f[k]:9.3f}" if f[k] is not None else f"{'—':>9}" for k in FIGURES))
        t = r["fit"]["fitted"]
        print(f"{'':4} fitted  " + ", ".join(f"{k} ≥ {v:g}" for k, v in sorted(t["confidence"].items()))
              + f", min_margin {t['min_margin']:g}, min_similarity "
              + (f"{t['min_similarity']:g}" if t.get("min_similarity") is not None else "none")
              + (f", confident_similarity {t['confident_similarity']:g}" if t.get("confident_similarity") is not None else ""))
    for label in stages:
        means = {k: sum(figures(r[label])[k] or 0 for r in results) / len(results)
                 for k in ("accuracy", "in_scope_accuracy", "out_of_scope_recall")}
        print(f"mean {label:7} accuracy {means['accuracy']:.3f}, in-scope {means['in_scope_accuracy']:.3f}, "
              f"OOS recall {means['out_of_scope_recall']:.3f}")
