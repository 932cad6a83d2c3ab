#!/usr/bin/env python3
"""llama.cpp's side of bench/compare-llamacpp: the same measurements as
`apiary bench` (prompt tok/s, generation tok/s, batched generation tok/s),
through llama-cpp-python's low-level API, printed as the same JSON.

    python bench/llamacpp_bench.py FILE --threads 2 --prompt 512 --gen 128 --batch 1,4,16 --repeat 3
"""
import argparse
import json
import random
import resource
import time

import llama_cpp as L


def make_batch(entries, capacity, n_seq):
    """entries: (token, pos, seq, want_logits)"""
    batch = L.llama_batch_init(capacity, 0, n_seq)
    for i, (tok, pos, seq, logits) in enumerate(entries):
        batch.token[i] = tok
        batch.pos[i] = pos
        batch.n_seq_id[i] = 1
        batch.seq_id[i][0] = seq
        batch.logits[i] = 1 if logits else 0
    batch.n_tokens = len(entries)
    return batch


def decode(ctx, entries, n_seq):
    batch = make_batch(entries, max(len(entries), 1), n_seq)
    try:
        rc = L.llama_decode(ctx, batch)
        if rc != 0:
            raise RuntimeError(f"llama_decode returned {rc}")
    finally:
        L.llama_batch_free(batch)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--prompt", type=int, default=512)
    parser.add_argument("--gen", type=int, default=128)
    parser.add_argument("--batch", default="1,4,16")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    batches = [int(b) for b in args.batch.split(",") if b]

    # Silence llama.cpp's logging: only the JSON line goes to stdout.
    global _quiet
    _quiet = L.llama_log_callback(lambda level, text, data: None)
    L.llama_log_set(_quiet, None)
    L.llama_backend_init()
    mparams = L.llama_model_default_params()
    model = L.llama_model_load_from_file(args.file.encode(), mparams)
    vocab = L.llama_model_get_vocab(model)
    n_vocab = L.llama_vocab_n_tokens(vocab)
    max_seq = max(batches + [1])
    cparams = L.llama_context_default_params()
    cparams.n_ctx = max(args.prompt + args.gen, max_seq * (128 + args.gen)) + 16
    cparams.n_batch = max(args.prompt, max_seq * 128)
    cparams.n_ubatch = 512
    cparams.n_seq_max = max_seq
    cparams.n_threads = args.threads
    cparams.n_threads_batch = args.threads
    ctx = L.llama_init_from_model(model, cparams)
    mem = L.llama_get_memory(ctx)
    rng = random.Random(1)

    def tokens(n):
        return [rng.randrange(100, n_vocab - 100) for _ in range(n)]

    def best(fn):
        return max(fn() for _ in range(args.repeat))

    def prompt_tps():
        L.llama_memory_clear(mem, True)
        toks = tokens(args.prompt)
        start = time.perf_counter()
        for chunk in range(0, len(toks), 512):
            part = toks[chunk:chunk + 512]
            decode(ctx, [(t, chunk + i, 0, chunk + i == len(toks) - 1) for i, t in enumerate(part)], 1)
        return args.prompt / (time.perf_counter() - start)

    def gen_tps():
        L.llama_memory_clear(mem, True)
        toks = tokens(args.gen)
        start = time.perf_counter()
        for pos, tok in enumerate(toks):
            decode(ctx, [(tok, pos, 0, True)], 1)
        return args.gen / (time.perf_counter() - start)

    def batched_tps(b):
        L.llama_memory_clear(mem, True)
        entries = []
        for s in range(b):
            entries += [(t, p, s, p == 127) for p, t in enumerate(tokens(128))]
        decode(ctx, entries, b)
        start = time.perf_counter()
        for step in range(args.gen):
            decode(ctx, [(tokens(1)[0], 128 + step, s, True) for s in range(b)], b)
        return b * args.gen / (time.perf_counter() - start)

    result = {
        "engine": "llama.cpp",
        "pp_tps": best(prompt_tps),
        "tg_tps": best(gen_tps),
        "batched": [{"batch": b, "tg_tps": best(lambda: batched_tps(b))} for b in batches],
        "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    }
    print(json.dumps(result))
    L.llama_free(ctx)
    L.llama_model_free(model)


if __name__ == "__main__":
    main()
