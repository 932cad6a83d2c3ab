#!/usr/bin/env python3
"""Make the tensor-format fixtures of Tests/InferenceTests/Fixtures/quant.

Each case is a pair of little-endian binary files plus a line in
manifest.tsv (name, GGML type, element count, origin):

  <name>.blocks    raw stored bytes (whole blocks, one or more rows)
  <name>.expected  float32 values from gguf.quants.dequantize(raw, type)

Cases come from
  * real tensors of the demo models (a few rows of the first tensor of each
    type present), read with gguf.GGUFReader;
  * random blocks for every type: random bits everywhere except the fp16
    scale fields (d, dmin, m), which get finite values of both signs and
    magnitudes from 1e-5 to 4 so that every element is finite;
  * for types the gguf package can quantize (Q4_0, Q4_1, Q5_0, Q5_1, Q8_0),
    gaussian rows quantized by it (realistic, not random, scales).

activations.input holds float rows (float32) and activations-<fmt>.blocks
their quantization to Q8_0 (by gguf), Q8_1 and Q8_K (by ggml's own
quantize_row_*_ref, called from the libggml-base.so that llama-cpp-python
ships): they check Apiary's activation quantizers byte for byte.

ggml-dots.tsv holds, for every weight case, ggml's integer dot product
(ggml_vec_dot_<type>_<partner> from libggml-cpu.so: the kernel llama.cpp
dispatches on the machine that made the fixtures, AVX2/AVX-512 here) of the
case's blocks with the first `elements` floats of ggml-dot.x quantized by
ggml to the partner format. (Not the `_generic` scalar kernels: in the
llama-cpp-python 0.3.36 build, ggml_vec_dot_q5_0_q8_0_generic returns 240
instead of -16 for a quant of 0 with y = 1, d = 1: it loses the sign of
q - 16.) The script also asserts that ggml's dequantize_row_* agrees bit for
bit with gguf on every case, and gguf's Q8_0 quantizer with ggml's.

Usage: ~/.cache/apiary/venv/bin/python scripts/make-quant-fixtures.py
(needs numpy, the `gguf` package and llama-cpp-python; models from
scripts/fetch-models).
Deterministic: same seed, same files.
"""
import ctypes
import importlib.util
import os
import sys
from pathlib import Path

import numpy as np
from gguf import GGMLQuantizationType as T
from gguf import GGUFReader
from gguf.constants import GGML_QUANT_SIZES
from gguf.quants import dequantize, quantize

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "Tests" / "InferenceTests" / "Fixtures" / "quant"
MODELS = Path(os.environ.get("APIARY_MODELS", ROOT / "models"))
DEMO_MODELS = ["SmolLM2-135M-Instruct.Q4_1.gguf", "gemma-3-270m-q4_k_m.gguf"]
REAL_TYPES = {T.F32, T.Q4_1, T.Q8_0, T.Q5_0, T.Q4_K, T.Q6_K}
ALL_TYPES = [T.F32, T.F16, T.BF16, T.Q4_0, T.Q4_1, T.Q5_0, T.Q5_1, T.Q8_0,
             T.Q2_K, T.Q3_K, T.Q4_K, T.Q5_K, T.Q6_K]
QUANTIZABLE = [T.Q4_0, T.Q4_1, T.Q5_0, T.Q5_1, T.Q8_0]

# Byte offsets of the fp16 scale fields inside each block.
HALF_FIELDS = {
    T.Q4_0: [0], T.Q4_1: [0, 2], T.Q5_0: [0], T.Q5_1: [0, 2], T.Q8_0: [0],
    T.Q2_K: [80, 82], T.Q3_K: [108], T.Q4_K: [0, 2], T.Q5_K: [0, 2], T.Q6_K: [208],
}

rng = np.random.default_rng(20261125)
manifest = []
weight_cases = []  # (name, qtype, raw bytes) for the ggml dot products

# ggml's partner format for activations (vec_dot_type) and the GGML type ids.
Q8_1, Q8_K = 9, 15
PARTNER = {T.Q4_0: T.Q8_0, T.Q5_0: T.Q8_0, T.Q8_0: T.Q8_0, T.Q4_1: Q8_1, T.Q5_1: Q8_1,
           T.Q2_K: Q8_K, T.Q3_K: Q8_K, T.Q4_K: Q8_K, T.Q5_K: Q8_K, T.Q6_K: Q8_K}
PARTNER_NAME = {T.Q8_0: "q8_0", Q8_1: "q8_1", Q8_K: "q8_K"}
PARTNER_BYTES = {T.Q8_0: (32, 34), Q8_1: (32, 36), Q8_K: (256, 292)}


def ggml_name(qtype):
    """ggml's spelling in function names: q4_0, q4_K."""
    return qtype.name[0].lower() + qtype.name[1:]


def load_ggml():
    spec = importlib.util.find_spec("llama_cpp")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("error: llama-cpp-python is not installed in this Python (pip install llama-cpp-python)")
    lib = Path(spec.submodule_search_locations[0]) / "lib"
    base = ctypes.CDLL(str(lib / "libggml-base.so"), mode=ctypes.RTLD_GLOBAL)
    cpu = ctypes.CDLL(str(lib / "libggml-cpu.so"), mode=ctypes.RTLD_GLOBAL)
    cpu.ggml_cpu_init()  # fills the fp16 tables the CPU kernels read
    return base, cpu


ggml_base, ggml_cpu = load_ggml()
c_floats = np.ctypeslib.ndpointer(dtype=np.float32, flags="C_CONTIGUOUS")
c_bytes = np.ctypeslib.ndpointer(dtype=np.uint8, flags="C_CONTIGUOUS")


def ggml_quantize(partner, x):
    elements, size = PARTNER_BYTES[partner]
    out = np.zeros(x.size // elements * size, dtype=np.uint8)
    function = getattr(ggml_base, f"quantize_row_{PARTNER_NAME[partner]}_ref")
    function.argtypes = [c_floats, c_bytes, ctypes.c_int64]
    function(np.ascontiguousarray(x, dtype=np.float32), out, x.size)
    return out


def ggml_dequantize(qtype, raw, elements):
    out = np.zeros(elements, dtype=np.float32)
    function = getattr(ggml_base, f"dequantize_row_{ggml_name(qtype)}")
    function.argtypes = [c_bytes, c_floats, ctypes.c_int64]
    function(np.ascontiguousarray(raw, dtype=np.uint8).reshape(-1), out, elements)
    return out


def ggml_dot(qtype, raw, activations, elements):
    result = np.zeros(1, dtype=np.float32)
    name = f"ggml_vec_dot_{ggml_name(qtype)}_{PARTNER_NAME[PARTNER[qtype]]}"
    function = getattr(ggml_cpu, name)
    function.argtypes = [ctypes.c_int, c_floats, ctypes.c_size_t, c_bytes, ctypes.c_size_t,
                         c_bytes, ctypes.c_size_t, ctypes.c_int]
    function(elements, result, 0, np.ascontiguousarray(raw, dtype=np.uint8).reshape(-1), 0, activations, 0, 1)
    return result[0]


def write_case(name, qtype, raw, origin):
    raw = np.ascontiguousarray(raw, dtype=np.uint8).reshape(1, -1)
    block_size, type_size = GGML_QUANT_SIZES[qtype]
    assert raw.size % type_size == 0
    expected = dequantize(raw, qtype).astype("<f4", copy=False).reshape(-1)
    assert expected.size == raw.size // type_size * block_size
    if qtype not in (T.F32, T.F16, T.BF16):
        from_ggml = ggml_dequantize(qtype, raw, expected.size)
        assert np.array_equal(from_ggml.view(np.uint32), expected.view(np.uint32)), f"{name}: ggml and gguf disagree"
        weight_cases.append((name, qtype, raw))
    (OUT / f"{name}.blocks").write_bytes(raw.tobytes())
    (OUT / f"{name}.expected").write_bytes(expected.tobytes())
    manifest.append(f"{name}\t{qtype.name}\t{expected.size}\t{origin}")


def sane_halves(count):
    magnitude = 10.0 ** rng.uniform(-5, np.log10(4), count)
    sign = rng.choice([-1.0, 1.0], count)
    return (sign * magnitude).astype("<f2")


def random_blocks(qtype, blocks):
    block_size, type_size = GGML_QUANT_SIZES[qtype]
    if qtype == T.F32:
        values = rng.standard_normal(blocks) * 10.0 ** rng.integers(-30, 30, blocks)
        return values.astype("<f4").view(np.uint8)
    if qtype == T.F16:
        bits = rng.integers(0, 1 << 16, 4 * blocks, dtype=np.uint16)
        return bits[(bits & 0x7C00) != 0x7C00][:blocks].astype("<u2").view(np.uint8)  # finite
    if qtype == T.BF16:
        # Random sign and mantissa, exponents within 2^±40 so that dot products stay finite.
        bits = rng.integers(0, 1 << 16, blocks, dtype=np.uint16) & 0x807F
        bits |= (rng.integers(127 - 40, 127 + 40, blocks).astype(np.uint16) << 7)
        return bits.astype("<u2").view(np.uint8)
    raw = rng.integers(0, 256, (blocks, type_size), dtype=np.uint8)
    for offset in HALF_FIELDS[qtype]:
        raw[:, offset:offset + 2] = sane_halves(blocks).view(np.uint8).reshape(blocks, 2)
    return raw


def real_cases():
    for model in DEMO_MODELS:
        path = MODELS / model
        if not path.exists():
            sys.exit(f"error: {path} not found; run scripts/fetch-models first")
        reader = GGUFReader(path)
        short = model.split("-")[0].lower()
        done = set()
        for tensor in reader.tensors:
            qtype = tensor.tensor_type
            if qtype not in REAL_TYPES or qtype in done:
                continue
            done.add(qtype)
            data = tensor.data.reshape(-1, tensor.data.shape[-1]) if tensor.data.ndim > 1 else tensor.data.reshape(1, -1)
            picks = sorted({0, data.shape[0] // 2, data.shape[0] - 1})
            raw = np.concatenate([data[row].view(np.uint8) for row in picks])
            write_case(f"real-{short}-{qtype.name.lower()}", qtype, raw,
                       f"{model}:{tensor.name} rows {','.join(map(str, picks))}")


def random_cases():
    for qtype in ALL_TYPES:
        block_size, _ = GGML_QUANT_SIZES[qtype]
        blocks = {1: 512, 32: 48, 256: 12}[block_size]
        origin = "random finite values" if block_size == 1 else "random bits, fp16 scales in ±[1e-5, 4]"
        write_case(f"random-{qtype.name.lower()}", qtype, random_blocks(qtype, blocks), f"{origin}, {blocks} blocks")
    # Edge patterns of the float formats: zeros, subnormals, extremes, infinities, NaNs.
    half_specials = [0x0000, 0x8000, 0x0001, 0x8001, 0x03FF, 0x0400, 0x7BFF, 0xFBFF, 0x3C00, 0x7C00, 0xFC00, 0x7E00, 0x7C01, 0xFE00]
    write_case("special-f16", T.F16, np.array(half_specials, dtype="<u2").view(np.uint8), "fp16 edge patterns")
    bf16_specials = [0x0000, 0x8000, 0x0001, 0x807F, 0x0080, 0x7F7F, 0xFF7F, 0x3F80, 0x7F80, 0xFF80, 0x7FC0, 0x7F81, 0xFFC1]
    write_case("special-bf16", T.BF16, np.array(bf16_specials, dtype="<u2").view(np.uint8), "bf16 edge patterns")
    for qtype in QUANTIZABLE:
        rows = (rng.standard_normal((4, 256)) * rng.uniform(0.01, 3, (4, 1))).astype(np.float32)
        write_case(f"quantized-{qtype.name.lower()}", qtype, quantize(rows, qtype),
                   "gaussian rows quantized by gguf.quants.quantize")


def activation_cases():
    rows = rng.standard_normal((8, 256)).astype(np.float32)
    rows *= rng.uniform(1e-3, 50, (8, 1)).astype(np.float32)
    rows[1, :32] = 0  # an all-zero Q8_0 block: d = 0
    rows[4, :] = 0  # an all-zero Q8_K block
    rows[2, 40] = 1e4  # one outlier dominating its block
    # d = 127/127 = 1 exactly, so x/d = k + ½: ties, which Q8_0 rounds away from zero.
    rows[3, 64:96] = np.arange(32, dtype=np.float32) - np.float32(15.5)
    rows[3, 64] = 127
    # Largest magnitude negative: Q8_K's scale −127/max flips sign.
    rows[5, 200] = -60
    x = rows.reshape(-1)
    q8_0 = np.ascontiguousarray(quantize(rows, T.Q8_0)).reshape(-1)
    assert np.array_equal(q8_0, ggml_quantize(T.Q8_0, x)), "gguf and ggml Q8_0 quantizers disagree"
    (OUT / "activations.input").write_bytes(x.astype("<f4").tobytes())
    (OUT / "activations-q8_0.blocks").write_bytes(q8_0.tobytes())
    (OUT / "activations-q8_1.blocks").write_bytes(ggml_quantize(Q8_1, x).tobytes())
    (OUT / "activations-q8_K.blocks").write_bytes(ggml_quantize(Q8_K, x).tobytes())


def dot_cases():
    longest = max(raw.size // GGML_QUANT_SIZES[qtype][1] * GGML_QUANT_SIZES[qtype][0] for _, qtype, raw in weight_cases)
    x = rng.uniform(-2, 2, longest).astype(np.float32)
    x[::97] *= 20  # a few outliers
    (OUT / "ggml-dot.x").write_bytes(x.astype("<f4").tobytes())
    lines = ["# name\tresult bits (hex float32)\tresult  (ggml vec_dot, as dispatched on this CPU, on ggml-quantized ggml-dot.x)"]
    for name, qtype, raw in weight_cases:
        elements = raw.size // GGML_QUANT_SIZES[qtype][1] * GGML_QUANT_SIZES[qtype][0]
        activations = ggml_quantize(PARTNER[qtype], x[:elements])
        result = ggml_dot(qtype, raw, activations, elements)
        lines.append(f"{name}\t{result.view(np.uint32):08x}\t{float(result)!r}")
    (OUT / "ggml-dots.tsv").write_text("\n".join(lines) + "\n")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    for stale in OUT.glob("*"):
        if stale.suffix in {".blocks", ".expected", ".input", ".x"}:
            stale.unlink()
    real_cases()
    random_cases()
    activation_cases()
    dot_cases()
    (OUT / "manifest.tsv").write_text(
        "# name\ttype\telements\torigin  (made by scripts/make-quant-fixtures.py)\n" + "\n".join(manifest) + "\n")
    total = sum(f.stat().st_size for f in OUT.iterdir())
    print(f"{len(manifest)} cases, {total} bytes in {OUT}")


if __name__ == "__main__":
    main()
