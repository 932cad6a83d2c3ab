// GGML block formats as the kernels see them: every quantized block is
// unpacked to unsigned integer quants u (the weight is sc·(u − offset) per
// sub-block, minus a min where the format has one), which is what the packed
// layout stores and what the portable path computes with.
#ifndef APIARY_CKERNELS_FORMATS_H
#define APIARY_CKERNELS_FORMATS_H

#include <stdint.h>
#include <string.h>
#include "ckernels.h"

// Float results must match the Swift reference bit for bit: no fused multiply-adds.
#pragma STDC FP_CONTRACT OFF

enum {
    T_F32 = 0, T_F16 = 1, T_Q4_0 = 2, T_Q4_1 = 3, T_Q5_0 = 6, T_Q5_1 = 7, T_Q8_0 = 8,
    T_Q2_K = 10, T_Q3_K = 11, T_Q4_K = 12, T_Q5_K = 13, T_Q6_K = 14, T_BF16 = 30,
};

/// Activation formats (ggml's vec_dot_type).
enum { A_F32, A_Q8_0, A_Q8_1, A_Q8_K };

/// The shape of a weight type's blocks and of its packed copy.
typedef struct {
    int known;        // a type these kernels handle
    int qk;           // elements per block (1 for floats)
    int block_bytes;  // stored bytes per block
    int act;          // activation format
    int sub;          // elements per sub-block with its own scale (= qk when none)
    int offset;       // subtracted from u: Σ(u − offset)·a = Σu·a − offset·Σa
    int nibbles;      // packed quants are nibbles (u < 16·2^highbits)
    int crumbs;       // packed quants are 2-bit crumbs (u < 4·2^highbits); neither: bytes
    int highbits;     // bits above the nibble or crumb (0–2), each in a bit plane beside them
    int scales;       // per-sub-block int8 scales (K-quants)
    int kmins;        // per-sub-block int8 mins (Q2_K, Q4_K, Q5_K)
    int m;            // a second fp16 per block: the min/offset (Q4_1, Q5_1) or dmin
} ck_format;

#define F(...) (ck_format){__VA_ARGS__}

static inline ck_format ck_format_of(uint32_t type) {
    ck_format f = {0};
    switch (type) {
    //                     known qk block act     sub off nib crm hib sc  mn  m
    case T_F32:  f = F(1, 1,   4,    A_F32,  1,  0,   0,  0,  0,  0,  0,  0); break;
    case T_F16:  f = F(1, 1,   2,    A_F32,  1,  0,   0,  0,  0,  0,  0,  0); break;
    case T_BF16: f = F(1, 1,   2,    A_F32,  1,  0,   0,  0,  0,  0,  0,  0); break;
    case T_Q4_0: f = F(1, 32,  18,   A_Q8_0, 32, 8,   1,  0,  0,  0,  0,  0); break;
    case T_Q4_1: f = F(1, 32,  20,   A_Q8_1, 32, 0,   1,  0,  0,  0,  0,  1); break;
    case T_Q5_0: f = F(1, 32,  22,   A_Q8_0, 32, 16,  1,  0,  1,  0,  0,  0); break;
    case T_Q5_1: f = F(1, 32,  24,   A_Q8_1, 32, 0,   1,  0,  1,  0,  0,  1); break;
    case T_Q8_0: f = F(1, 32,  34,   A_Q8_0, 32, 128, 0,  0,  0,  0,  0,  0); break;
    case T_Q2_K: f = F(1, 256, 84,   A_Q8_K, 16, 0,   0,  1,  0,  1,  1,  1); break;
    case T_Q3_K: f = F(1, 256, 110,  A_Q8_K, 16, 4,   0,  1,  1,  1,  0,  0); break;
    case T_Q4_K: f = F(1, 256, 144,  A_Q8_K, 32, 0,   1,  0,  0,  1,  1,  1); break;
    case T_Q5_K: f = F(1, 256, 176,  A_Q8_K, 32, 0,   1,  0,  1,  1,  1,  1); break;
    case T_Q6_K: f = F(1, 256, 210,  A_Q8_K, 16, 32,  1,  0,  2,  1,  0,  0); break;
    default: break;
    }
    return f;
}
#undef F

static inline uint16_t ck_u16(const uint8_t *p) { return (uint16_t)(p[0] | p[1] << 8); }
static inline uint32_t ck_u32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static inline uint64_t ck_u64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }

/// fp16 bits → float, exact (as `Float16Conversion.float(fromHalf:)`).
static inline float ck_half_to_float(uint16_t h) {
    uint32_t sign = (uint32_t)(h & 0x8000) << 16, exponent = (h >> 10) & 0x1F, mantissa = h & 0x3FF, bits;
    float f;
    if (exponent == 0x1F) {
        bits = sign | 0x7F800000u | (mantissa << 13);
    } else if (exponent == 0) {
        f = (float)mantissa * 0x1p-24f;
        return sign ? -f : f;
    } else {
        bits = sign | ((exponent + 112) << 23) | (mantissa << 13);
    }
    memcpy(&f, &bits, 4);
    return f;
}

/// float → fp16 bits, round to nearest even (as `Float16Conversion.half(from:)`).
static inline uint16_t ck_float_to_half(float value) {
    uint32_t bits;
    memcpy(&bits, &value, 4);
    uint16_t sign = (uint16_t)((bits >> 16) & 0x8000);
    int float_exponent = (int)((bits >> 23) & 0xFF);
    uint32_t mantissa = bits & 0x7FFFFF;
    if (float_exponent == 0xFF) return sign | 0x7C00 | (mantissa == 0 ? 0 : (0x200 | (uint16_t)(mantissa >> 13)));
    int exponent = float_exponent - 127 + 15;
    if (exponent >= 0x1F) return sign | 0x7C00;
    if (exponent <= 0) {
        if (exponent < -10) return sign;
        uint32_t significand = mantissa | 0x800000, shift = (uint32_t)(14 - exponent);
        uint32_t result = significand >> shift, remainder = significand & ((1u << shift) - 1), halfway = 1u << (shift - 1);
        if (remainder > halfway || (remainder == halfway && (result & 1))) result += 1;
        return sign | (uint16_t)result;
    }
    uint32_t result = (uint32_t)exponent << 10 | (mantissa >> 13), remainder = mantissa & 0x1FFF;
    if (remainder > 0x1000 || (remainder == 0x1000 && (result & 1))) result += 1;
    return sign | (uint16_t)result;
}

/// One block of quants unpacked: u[qk], per-sub-block scales and mins, the
/// fp16 scale d and second fp16 m (min, offset or dmin; 0 when none).
typedef struct {
    uint8_t u[256];
    int8_t sc[16];
    int8_t mn[16];
    uint16_t d, m;
} ck_unpacked;

/// Q4_K / Q5_K: the 6-bit scale and min of sub-block j from 12 packed bytes.
static inline void ck_scale_min_6(int j, const uint8_t *s, int8_t *scale, int8_t *min) {
    if (j < 4) {
        *scale = (int8_t)(s[j] & 63);
        *min = (int8_t)(s[j + 4] & 63);
    } else {
        *scale = (int8_t)((s[j + 4] & 0x0F) | ((s[j - 4] >> 6) << 4));
        *min = (int8_t)((s[j + 4] >> 4) | ((s[j] >> 6) << 4));
    }
}

/// Unpacks one block of a quantized `type` (see the Swift Blocks/ sources
/// for the layouts, which this mirrors).
static inline void ck_unpack(uint32_t type, const uint8_t *b, ck_unpacked *o) {
    o->m = 0;
    switch (type) {
    case T_Q4_0:
    case T_Q4_1: {
        const uint8_t *q = b + (type == T_Q4_0 ? 2 : 4);
        o->d = ck_u16(b);
        if (type == T_Q4_1) o->m = ck_u16(b + 2);
        for (int j = 0; j < 16; j++) { o->u[j] = q[j] & 15; o->u[j + 16] = q[j] >> 4; }
        break;
    }
    case T_Q5_0:
    case T_Q5_1: {
        int base = type == T_Q5_0 ? 2 : 4;
        uint32_t qh = ck_u32(b + base);
        const uint8_t *q = b + base + 4;
        o->d = ck_u16(b);
        if (type == T_Q5_1) o->m = ck_u16(b + 2);
        for (int j = 0; j < 16; j++) {
            o->u[j] = (uint8_t)((q[j] & 15) | ((qh >> j) & 1) << 4);
            o->u[j + 16] = (uint8_t)((q[j] >> 4) | ((qh >> (j + 16)) & 1) << 4);
        }
        break;
    }
    case T_Q8_0:
        o->d = ck_u16(b);
        for (int j = 0; j < 32; j++) o->u[j] = b[2 + j] ^ 0x80;  // q + 128
        break;
    case T_Q2_K: {
        o->d = ck_u16(b + 80);
        o->m = ck_u16(b + 82);
        for (int j = 0; j < 16; j++) { o->sc[j] = (int8_t)(b[j] & 15); o->mn[j] = (int8_t)(b[j] >> 4); }
        int e = 0;
        for (int half = 0; half < 2; half++)
            for (int shift = 0; shift < 8; shift += 2)
                for (int l = 0; l < 32; l++) o->u[e++] = (b[16 + 32 * half + l] >> shift) & 3;
        break;
    }
    case T_Q3_K: {
        const uint8_t *s = b + 96;
        o->d = ck_u16(b + 108);
        for (int j = 0; j < 16; j++) {
            int low = j < 8 ? (s[j] & 15) : (s[j - 8] >> 4);
            int high = (s[8 + j % 4] >> (2 * (j / 4))) & 3;
            o->sc[j] = (int8_t)((low | high << 4) - 32);
        }
        int e = 0;
        for (int half = 0; half < 2; half++)
            for (int k = 0; k < 4; k++)
                for (int l = 0; l < 32; l++) {
                    int low = (b[32 + 32 * half + l] >> (2 * k)) & 3;
                    int set = (b[l] >> (4 * half + k)) & 1;  // clear: the value loses 4
                    o->u[e++] = (uint8_t)(low + (set ? 4 : 0));
                }
        break;
    }
    case T_Q4_K:
    case T_Q5_K: {
        o->d = ck_u16(b);
        o->m = ck_u16(b + 2);
        for (int j = 0; j < 8; j++) ck_scale_min_6(j, b + 4, &o->sc[j], &o->mn[j]);
        const uint8_t *q = b + (type == T_Q4_K ? 16 : 48), *qh = b + 16;
        for (int p = 0; p < 4; p++)
            for (int l = 0; l < 32; l++) {
                uint8_t lo = q[32 * p + l] & 15, hi = q[32 * p + l] >> 4;
                if (type == T_Q5_K) {
                    lo |= (qh[l] >> (2 * p) & 1) << 4;
                    hi |= (qh[l] >> (2 * p + 1) & 1) << 4;
                }
                o->u[64 * p + l] = lo;
                o->u[64 * p + 32 + l] = hi;
            }
        break;
    }
    case T_Q6_K: {
        o->d = ck_u16(b + 208);
        for (int j = 0; j < 16; j++) o->sc[j] = (int8_t)b[192 + j];
        for (int half = 0; half < 2; half++)
            for (int k = 0; k < 4; k++)
                for (int l = 0; l < 32; l++) {
                    int low = (b[64 * half + l + 32 * (k % 2)] >> (4 * (k / 2))) & 15;
                    int high = (b[128 + 32 * half + l] >> (2 * k)) & 3;
                    o->u[128 * half + 32 * k + l] = (uint8_t)(low | high << 4);
                }
        break;
    }
    default: break;
    }
}

/// A block's float result from its integer sums, in the reference's order:
/// `total` = Σ_j sc_j·Σ(u − offset)·a, `mins` = Σ_j mn_j·Σa; dw, mw the
/// weight's fp16 fields, yd, ys the activation scale and (Q8_1) sum.
static inline float ck_epilogue(uint32_t type, float dw, float mw, float yd, float ys, int32_t total, int32_t mins) {
    switch (type) {
    case T_Q4_0: return ((float)total * dw) * yd;
    case T_Q4_1:
    case T_Q5_1: return (dw * yd) * (float)total + mw * ys;
    case T_Q8_0: return (float)total * (dw * yd);
    case T_Q2_K: return (yd * dw) * (float)total - (yd * mw) * (float)mins;
    case T_Q4_K:
    case T_Q5_K: return (dw * yd) * (float)total - (mw * yd) * (float)mins;
    default: return (dw * yd) * (float)total;  // Q5_0, Q3_K, Q6_K
    }
}

/// Activation block geometry: bytes per block and where its quants start.
static inline int ck_act_block_bytes(int act) { return act == A_Q8_0 ? 34 : act == A_Q8_1 ? 36 : act == A_Q8_K ? 292 : 4; }
static inline int ck_act_quants(int act) { return act == A_Q8_0 ? 2 : act == A_Q8_1 ? 4 : 4; }

/// Side data after a token's activation blocks (offset `ck_side_offset`):
/// Q8_0/Q8_1: float d[nb], float s[nb], int32 sum[nb];
/// Q8_K: float d[nb], int32 sum16[16·nb], int32 sum32[8·nb], int16
/// sum32[8·nb] (the int16 pairs a 2-product integer dot broadcasts; the
/// int16 sums of 16 are the block's own bsums).
static inline int64_t ck_side_offset(int act, int64_t nb) { return (nb * ck_act_block_bytes(act) + 63) & ~(int64_t)63; }
static inline int64_t ck_side_bytes(int act, int64_t nb) { return act == A_Q8_K ? nb * (4 * 25 + 16) : act == A_F32 ? 0 : nb * 12; }

/// The largest packed quant u of a format (its bytes, nibbles or crumbs with their high bits).
static inline int ck_quant_max(ck_format f) { return ((f.nibbles ? 16 : f.crumbs ? 4 : 256) << f.highbits) - 1; }

/// Whether Σ u·a over 16 elements of a block always fits int16 (|a| ≤ 127):
/// then two such sums pair up in one 32-bit lane and a 2-product int16 dot
/// applies both sub-block scales at once, instead of two 32-bit multiplies.
static inline int ck_half_sums_fit_int16(ck_format f) {
    return 16 * ck_quant_max(f) * 127 <= 32767;
}

/// Packed layout of one group of 16 rows: the quants of all its blocks
/// (`wbytes` each), then the metadata of all its blocks (`mbytes` each:
/// int8 sc[nsub][16], int8 mn[nsub][16], fp16 d[16], fp16 m[16], each
/// present when the format has it).
///
/// Quants, per 32 elements (`ck_pack_kbytes` each): bytes — eight 64-byte
/// chunks, chunk c holding elements 4c…4c+3 of rows 0…15, 4 bytes per row;
/// nibbles — four chunks whose low nibbles hold elements 4c… and high
/// nibbles 16+4c…; crumbs — two 64-byte vectors, vector v holding chunks
/// 4v…4v+3 in its bit pairs 0–1, 2–3, 4–5, 6–7. With high bits, then 64 bytes
/// per high bit, for the 8 element groups e of the 32 (nibbles: the low
/// nibbles of chunk e, then the high nibbles of chunk e − 4; crumbs: chunk
/// e), in one of two layouts (`ck_highbit_layout`):
/// - masks (AVX-512: a mask register adds them): high bit p of group e is
///   the 8 bytes at 64p + 8e, whose bit j is that bit of byte j of the chunk;
/// - shifts (AVX2: one shift per group moves all its high bits in place):
///   per 8 rows h (bytes 32h… of a chunk) P = highbits vectors of 32 bytes
///   at 32·P·h, where bit n = P·e + p is high bit p of group e, in byte i
///   (byte 32h + i of the chunk) of vector n / 8 at bit n % 8.
/// So every format keeps its size.
static inline int ck_pack_kbytes(ck_format f) {
    return (f.nibbles ? 256 : f.crumbs ? 128 : 512) + 64 * f.highbits;
}
enum { CK_HIGHBITS_MASKS, CK_HIGHBITS_SHIFTS };
/// The high-bit layout that `isa`'s packed kernel reads.
static inline int ck_highbit_layout(ck_isa isa) { return isa == CK_ISA_AVX2 ? CK_HIGHBITS_SHIFTS : CK_HIGHBITS_MASKS; }
/// Where high bit p of byte j (0…63) of element group e lies in the 64·P
/// bytes of high bits of a 32 (`*byte`, and its bit number `*bit`).
static inline void ck_highbit_at(int layout, int planes, int e, int p, int j, int *byte, int *bit) {
    if (layout == CK_HIGHBITS_MASKS) {
        *byte = 64 * p + 8 * e + j / 8;
        *bit = j % 8;
    } else {
        int n = planes * e + p;
        *byte = 32 * planes * (j / 32) + 32 * (n / 8) + j % 32;
        *bit = n % 8;
    }
}
static inline int ck_pack_wbytes(ck_format f) { return f.qk / 32 * ck_pack_kbytes(f); }
static inline int ck_pack_mbytes(ck_format f) {
    int nsub = f.qk / f.sub;
    return (f.scales ? 16 * nsub : 0) + (f.kmins ? 16 * nsub : 0) + 32 + (f.m ? 32 : 0);
}
static inline int64_t ck_pack_group_bytes(ck_format f, int64_t nb) {
    return (nb * (ck_pack_wbytes(f) + ck_pack_mbytes(f)) + 63) & ~(int64_t)63;
}

#endif
