#!/usr/bin/env python3
"""Reference fixtures from llama.cpp (through llama-cpp-python) for the demo models.

For each model it records, into Tests/InferenceTests/Fixtures/reference/<name>.json:
  - token ids of tricky strings (no special tokens added or parsed, llama.cpp's test convention);
  - the top-10 logits after several prompts (plain and, where the model has a template, chat-formatted);
  - 48-token greedy continuations of those prompts, with the reference's top-1/top-2
    margin at every step (a divergence is only excusable at a near-tie);
  - the same logits and continuations from llama.cpp's other attention path
    (flash attention on): how much llama.cpp disagrees with itself sets the tolerance.

Run with the venv that has llama-cpp-python built from source (bench/compare-llamacpp makes one):
    ~/.cache/apiary/venv/bin/python scripts/make-reference.py [NAME ...]
NAME is a key of MODELS (default: all of them).
"""
import json
import os
import sys

import jinja2
import llama_cpp
import numpy as np

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
OUT = os.path.join(ROOT, "Tests", "InferenceTests", "Fixtures", "reference")

TRICKY = [
    "Hello world",
    " Hello world",
    "Hello  World   with   runs of    spaces",
    "\n\n\tTabs\tand\nnewlines\r\n",
    "Émile paid 1234,56 € for naïve café crème — 🐝🍯 bees & honey!",
    "日本語のテキストと中文字符，还有한국어.",
    "def f(x):\n    return x**2 + 3.14159  # comment",
    "3.14159 2718281828 1000000 007 12,345.67",
    "emoji sequence 👩‍👩‍👧‍👦 and flags 🇫🇷🇯🇵",
    "<|im_start|> is not special here",
    "   ",
    "A",
    "I'm sure you'll see they've done it, won't they?",
]

PROMPTS = [
    "The capital of France is",
    "Customer support ticket: my invoice shows a double charge for November. Category:",
    "def fibonacci(n):",
    "Once upon a time, in a small village by the sea,",
]

CHAT = [
    [{"role": "user", "content": "My package never arrived. What should I do?"}],
    [{"role": "system", "content": "You are a concise billing assistant."},
     {"role": "user", "content": "Why was I charged twice this month?"}],
]

MODELS = {
    "smollm2": "SmolLM2-135M-Instruct.Q4_1.gguf",
    "gemma3": "gemma-3-270m-q4_k_m.gguf",
    "qwen05": "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
    "qwen15": "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
}

GREEDY_TOKENS = 48


def top10(logits):
    order = np.argsort(-logits, kind="stable")[:10]
    return [[int(i), float(logits[i])] for i in order]


def run(llm, tokens):
    """Evaluates the prompt; returns top-10 logits after it, a greedy continuation
    and the top-1/top-2 margin at each step of it."""
    llm.reset()
    llm.eval(tokens)
    first = np.array(llm.scores[llm.n_tokens - 1], dtype=np.float32)
    logits = first
    generated = []
    margins = []
    for _ in range(GREEDY_TOKENS):
        nxt = int(np.argmax(logits))
        top2 = np.sort(logits)[-2:]
        margins.append(float(top2[1] - top2[0]))
        generated.append(nxt)
        if nxt == llm.token_eos():
            break
        llm.eval([nxt])
        logits = np.array(llm.scores[llm.n_tokens - 1], dtype=np.float32)
    return first, generated, margins


def main():
    os.makedirs(OUT, exist_ok=True)
    names = sys.argv[1:] or list(MODELS)
    for name in names:
        filename = MODELS[name]
        path = os.path.join(ROOT, "models", filename)
        llm = llama_cpp.Llama(model_path=path, n_ctx=1024, n_threads=2, n_batch=512,
                              logits_all=True, verbose=False, flash_attn=False)
        alt = llama_cpp.Llama(model_path=path, n_ctx=1024, n_threads=2, n_batch=512,
                              logits_all=True, verbose=False, flash_attn=True)
        meta = llm.metadata
        add_bos = meta.get("tokenizer.ggml.add_bos_token", "false") == "true"
        bos = [llm.token_bos()] if add_bos else []
        fixture = {
            "model": filename,
            "llama_cpp_python": llama_cpp.__version__,
            "add_bos": add_bos,
            "tokenize": [{"text": t, "ids": llm.tokenize(t.encode(), add_bos=False, special=False)} for t in TRICKY],
            "prompts": [],
        }
        prompts = [("plain", p) for p in PROMPTS]
        template = meta.get("tokenizer.chat_template")
        if template:
            env = jinja2.Environment(trim_blocks=True, lstrip_blocks=True)
            for messages in CHAT:
                text = env.from_string(template).render(messages=messages, add_generation_prompt=True,
                                                        bos_token="", eos_token="")
                prompts.append(("chat", text))
        for kind, text in prompts:
            tokens = bos + llm.tokenize(text.encode(), add_bos=False, special=True)
            logits, greedy, margins = run(llm, tokens)
            alt_logits, alt_greedy, _ = run(alt, tokens)
            reference_top = top10(logits)
            fixture["prompts"].append({
                "kind": kind, "text": text, "tokens": tokens,
                "top_logits": reference_top, "greedy": greedy, "greedy_margins": margins,
                # llama.cpp's flash-attention path at the same ten ids, and its continuation.
                "alt_logits": [float(alt_logits[int(i)]) for i, _ in reference_top],
                "alt_greedy": alt_greedy})
            print(f"{name}: {kind} prompt of {len(tokens)} tokens -> {llm.detokenize(greedy[:12])!r}", file=sys.stderr)
        with open(os.path.join(OUT, f"{name}.json"), "w") as f:
            json.dump(fixture, f, indent=1, ensure_ascii=False)
            f.write("\n")


if __name__ == "__main__":
    main()
