#!/usr/bin/env python3
"""Reference token ids for every byte-level BPE pre-tokenizer name llama.cpp knows.

llama.cpp ships vocab test files for only some `tokenizer.ggml.pre` values
(models/vocab/*.inp/.out); Tekken, GPT-4o and most aliases have none. This
script takes one real byte-level BPE vocabulary (Llama 3's, from
models/vocab/ggml-vocab-llama-bpe.gguf), overrides `tokenizer.ggml.pre` with
each name llama.cpp's src/llama-vocab.cpp compares against, and records what
llama.cpp's tokenizer makes of a set of texts, with and without special tokens
added (BOS when that family adds it).

Writes Tests/InferenceTests/Fixtures/pretokenizers.json:
  {"llama_cpp_python": version, "vocab": file, "texts": [...],
   "groups": [{"names": [...], "plain": [[ids]...], "special": [[ids]...]} | {"names": [...], "error": msg}]}
  (names whose ids agree on every text share a group)

The names are read from the llama.cpp source inside the pinned llama-cpp-python
sdist (the one scripts/fetch-models caches), so a new llama.cpp adds its names.
Names whose words are not byte-level BPE (Gemma 4's space-marked text) are left
out: their own vocab file in models/vocab tests them.

Run with the venv where llama-cpp-python is built from that sdist:
  ~/.cache/apiary/venv/bin/python scripts/make-pretokenizer-fixtures.py
"""
import json
import os
import subprocess
import pathlib
import re
import sys
import tarfile

import llama_cpp

ROOT = pathlib.Path(__file__).resolve().parent.parent
VOCAB = ROOT / "models" / "vocab" / "ggml-vocab-llama-bpe.gguf"
OUT = ROOT / "Tests" / "InferenceTests" / "Fixtures" / "pretokenizers.json"
SDIST = pathlib.Path(os.environ.get("APIARY_PIP_CACHE", pathlib.Path.home() / ".cache" / "apiary" / "pip")) / "llama_cpp_python-0.3.36.tar.gz"
SOURCE = "llama_cpp_python-0.3.36/vendor/llama.cpp/src/llama-vocab.cpp"
NOT_BYTE_LEVEL = {"gemma4", "granite-embed-multi-311m"}

# The llama-bpe test texts (the ones every regex family disagrees on), plus
# case changes, digit runs and contractions that separate Tekken from GPT-4o.
EXTRA_TEXTS = [
    "HelloWorld camelCaseWord XMLHttpRequest iPhone McDonald'S",
    "12345678 1.000.000 3,14159 ١٢٣٤ ⅧⅨ",
    "don't WE'LL it's I'M you'Ve THEY'D o'clock",
    "  leading and trailing  \n\n\t mixed\r\nbreaks   ",
    "naïve café ÀÉÎÕÜ ǅungla ǈubljana İstanbul ΣΊΣΥΦΟΣ",
    "x=1;y+=2<<3|z^~w $PATH `cmd` {\"json\": [1, 2]}",
    "日本語のテキスト 한국어 中文字符 emoji 🧑‍💻👋🏽",
    "e\u0301 combining, zero\u200bwidth, tab\tend",
]


def names_from_llama_cpp():
    with tarfile.open(SDIST, "r:gz") as tar:
        source = tar.extractfile(SOURCE).read().decode("utf-8")
    seen = []
    for name in re.findall(r'tokenizer_pre == "([^"]+)"', source):
        if name not in seen and name not in NOT_BYTE_LEVEL:
            seen.append(name)
    return seen


def llama_bpe_texts():
    raw = (VOCAB.parent / (VOCAB.name + ".inp")).read_text(encoding="utf-8")
    return [t for t in raw.split("\n__ggml_vocab_test__\n") if t.strip("\n")]


def tokenize_all(name, texts):
    """One name's ids; run in a child process, since llama.cpp aborts on some
    names with a vocabulary not made for them (a GGML_ASSERT kills the process)."""
    model = llama_cpp.Llama(model_path=str(VOCAB), vocab_only=True, verbose=False,
                            kv_overrides={"tokenizer.ggml.pre": name})
    return {
        "plain": [model.tokenize(t.encode("utf-8"), add_bos=False, special=False) for t in texts],
        "special": [model.tokenize(t.encode("utf-8"), add_bos=True, special=False) for t in texts],
    }


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        json.dump(tokenize_all(sys.argv[2], json.load(sys.stdin)), sys.stdout)
        return
    texts = llama_bpe_texts() + EXTRA_TEXTS
    names = {}
    for name in names_from_llama_cpp():
        child = subprocess.run([sys.executable, __file__, "--child", name], input=json.dumps(texts),
                               capture_output=True, text=True)
        if child.returncode == 0:
            names[name] = json.loads(child.stdout)
        else:
            last = [line for line in child.stderr.splitlines() if "GGML_ASSERT" in line or "error" in line.lower()]
            names[name] = {"error": (last[0] if last else f"exit {child.returncode}").split("llama.cpp/")[-1]}
    # Names that tokenize alike share one entry (most are aliases of a few regexes).
    groups = []
    for name, result in names.items():
        for group in groups:
            if {k: v for k, v in group.items() if k != "names"} == result:
                group["names"].append(name)
                break
        else:
            groups.append({"names": [name], **result})
    fixture = {"llama_cpp_python": llama_cpp.__version__, "vocab": VOCAB.name, "texts": texts, "groups": groups}
    OUT.write_text(json.dumps(fixture, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    failed = [n for n, v in names.items() if "error" in v]
    print(f"wrote {len(names)} names in {len(groups)} groups x {len(texts)} texts to {OUT} ({len(failed)} refused: {failed})", file=sys.stderr)


if __name__ == "__main__":
    main()
