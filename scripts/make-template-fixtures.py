#!/usr/bin/env python3
"""Render chat-template fixtures with Python's jinja2, exactly as Hugging Face does.

Writes Tests/InferenceTests/Fixtures/templates/:
  smollm2.jinja, qwen25-coder-0.5b.jinja, qwen25-coder-1.5b.jinja
                  the shipped models' own templates, read from their GGUF metadata
                  (the two Qwen files differ in one line: the 1.5B writes the
                  tool-call example as {{\"name\"...}} inside a string literal)
  cases.json      every template x conversation x add_generation_prompt, with
                  jinja2's output (or the message of raise_exception)

The other *.jinja files there are popular chat templates (ChatML, Llama 3,
Gemma 2/3, Mistral, Qwen 2.5 with tools) written from memory, and one template
that exercises the interpreter; they are inputs, committed by hand.

The environment mirrors transformers' _compile_jinja_template:
ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True,
extensions=[loopcontrols]), tojson = json.dumps(ensure_ascii=False, ...),
raise_exception as a global. Variables: messages, tools=None, documents=None,
add_generation_prompt, bos_token, eos_token (+ per-case extras).

Run with the venv that has `gguf` (scripts/fetch-models makes it):
  ~/.cache/apiary/venv/bin/python scripts/make-template-fixtures.py
"""
import json
import pathlib
import sys

import jinja2
from jinja2.ext import loopcontrols
from jinja2.sandbox import ImmutableSandboxedEnvironment

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "Tests" / "InferenceTests" / "Fixtures" / "templates"
MODELS = ROOT / "models"
# fixture name -> GGUF whose tokenizer.chat_template it is
GGUF_TEMPLATES = {
    "smollm2": MODELS / "SmolLM2-135M-Instruct.Q4_1.gguf",
    "qwen25-coder-0.5b": MODELS / "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
    "qwen25-coder-1.5b": MODELS / "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
}


class TemplateRaised(Exception):
    pass


def raise_exception(message):
    raise TemplateRaised(message)


def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
    return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)


def environment():
    env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[loopcontrols])
    env.filters["tojson"] = tojson
    env.globals["raise_exception"] = raise_exception
    return env


def gguf_template(path):
    from gguf import GGUFReader

    reader = GGUFReader(str(path))
    field = reader.fields["tokenizer.chat_template"]
    return bytes(field.parts[field.data[0]]).decode("utf-8")


def m(role, content, **more):
    return {"role": role, "content": content, **more}


CONVERSATIONS = {
    "user-only": [m("user", "Hello!")],
    "system-user": [m("system", "You are terse."), m("user", "What is 2+2?")],
    "multi-turn": [
        m("system", "You answer support tickets."),
        m("user", "Hi, my invoice is wrong."),
        m("assistant", "Sorry about that. Which invoice number?"),
        m("user", "INV-2024-0042, please check it."),
    ],
    "no-system-multi": [
        m("user", "Hello there"),
        m("assistant", "  Hi! How can I help?  \n"),
        m("user", "Tell me a joke."),
    ],
    "unicode": [
        m("user", "Grüße 👋🏽 — 日本語のテキスト\ttab  two  spaces\n\nand newlines, \"quotes\" and 'apostrophes' \\ backslash"),
        m("assistant", "Ça va ? Ελληνικά, Кириллица, עברית, 한국어 ✅"),
        m("user", "e\u0301 vs \u00e9, zero\u200bwidth, emoji 🧑‍💻"),
    ],
    "empty-content": [m("user", "")],
}

TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "lookup_invoice",
            "description": "Find an invoice by number.",
            "parameters": {
                "type": "object",
                "properties": {"number": {"type": "string", "description": "like INV-2024-0042"}},
                "required": ["number"],
            },
        },
    }
]

TOOL_CALL_STRING_ARGUMENTS = [
    m("system", "You look up invoices."),
    m("user", "Check INV-7 and INV-8"),
    m("assistant", "Looking both up.", tool_calls=[
        {"type": "function", "function": {"name": "lookup_invoice", "arguments": "{\"number\": \"INV-7\"}"}},
        {"name": "lookup_invoice", "arguments": {"number": "INV-8"}},
    ]),
    m("tool", "paid"),
    m("user", "And the second?"),
]

TOOL_CONVERSATION = [
    m("user", "Check INV-7"),
    m("assistant", "", tool_calls=[{"type": "function", "function": {"name": "lookup_invoice", "arguments": {"number": "INV-7", "verbose": True, "limit": 2.5}}}]),
    m("tool", "{\"status\": \"paid\"}"),
    m("tool", "second result ✓"),
    m("assistant", "It is paid."),
]


def cases(templates):
    out = []
    tokens = {
        "smollm2": ("<|im_start|>", "<|im_end|>"),
        "chatml": ("<s>", "</s>"),
        "llama3": ("<|begin_of_text|>", "<|eot_id|>"),
        "gemma2": ("<bos>", "<eos>"),
        "gemma3": ("<bos>", "<eos>"),
        "mistral": ("<s>", "</s>"),
        "qwen25-tools": ("", "<|im_end|>"),
        "qwen25-coder-0.5b": ("<|endoftext|>", "<|im_end|>"),
        "qwen25-coder-1.5b": ("<|endoftext|>", "<|im_end|>"),
        "interpreter-exercise": ("<BOS>", "<EOS>"),
    }
    runs = [(name, conversation, {}) for name, conversation in CONVERSATIONS.items()]
    runs.append(("tools", TOOL_CONVERSATION, {"tools": TOOLS}))
    runs.append(("tools-system", [m("system", "You look up invoices."), m("user", "Check INV-7")], {"tools": TOOLS}))
    runs.append(("tool-calls-no-tools", TOOL_CALL_STRING_ARGUMENTS, {}))
    runs.append(("tool-calls-string-arguments", TOOL_CALL_STRING_ARGUMENTS, {"tools": TOOLS}))
    tool_templates = ("qwen25-tools", "interpreter-exercise", "qwen25-coder-0.5b", "qwen25-coder-1.5b")
    runs.append(("bad-roles", [m("user", "a"), m("user", "b")], {}))
    runs.append(("tool-role", [m("user", "a"), m("tool", "b")], {}))
    for template_name in sorted(templates):
        bos, eos = tokens[template_name]
        for conversation_name, messages, extra in runs:
            if conversation_name.startswith("tool") and conversation_name != "tool-role" and template_name not in tool_templates:
                continue
            for add_generation_prompt in (False, True):
                case = {
                    "name": f"{template_name}/{conversation_name}/{'gen' if add_generation_prompt else 'nogen'}",
                    "template": template_name,
                    "messages": messages,
                    "add_generation_prompt": add_generation_prompt,
                    "bos_token": bos,
                    "eos_token": eos,
                    "extra": extra,
                }
                try:
                    variables = {"messages": messages, "tools": None, "documents": None,
                                 "add_generation_prompt": add_generation_prompt,
                                 "bos_token": bos, "eos_token": eos}
                    variables.update(extra)
                    case["expected"] = templates[template_name].render(**variables)
                except TemplateRaised as error:
                    case["error"] = str(error)
                out.append(case)
    return out


def main():
    FIXTURES.mkdir(parents=True, exist_ok=True)
    for name, path in GGUF_TEMPLATES.items():
        (FIXTURES / f"{name}.jinja").write_bytes(gguf_template(path).encode("utf-8"))
    env = environment()
    templates = {}
    for path in sorted(FIXTURES.glob("*.jinja")):
        templates[path.stem] = env.from_string(path.read_text(encoding="utf-8"))
    result = {"jinja2": jinja2.__version__, "cases": cases(templates)}
    (FIXTURES / "cases.json").write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    errors = sum(1 for c in result["cases"] if "error" in c)
    print(f"wrote {len(result['cases'])} cases ({errors} raise_exception) to {FIXTURES / 'cases.json'}", file=sys.stderr)


if __name__ == "__main__":
    main()
