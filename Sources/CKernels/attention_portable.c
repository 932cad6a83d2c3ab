// Portable attention loops over fp16 keys and values (the reference).
#include "attention_internal.h"
#include <string.h>

float ck_half_to_float(uint16_t h) {
    uint32_t sign = (uint32_t)(h & 0x8000) << 16, exponent = (h >> 10) & 0x1f, mantissa = h & 0x3ff, bits;
    if (exponent == 0) {
        if (mantissa == 0) {
            bits = sign;
        } else {                       // subnormal: normalise
            exponent = 127 - 15 + 1;
            while (!(mantissa & 0x400)) { mantissa <<= 1; exponent--; }
            bits = sign | (exponent << 23) | ((mantissa & 0x3ff) << 13);
        }
    } else if (exponent == 31) {
        bits = sign | 0x7f800000 | (mantissa << 13);
    } else {
        bits = sign | ((exponent + 127 - 15) << 23) | (mantissa << 13);
    }
    float f;
    memcpy(&f, &bits, 4);
    return f;
}

uint16_t ck_float_to_half(float f) {
    uint32_t x;
    memcpy(&x, &f, 4);
    uint32_t sign = (x >> 16) & 0x8000;
    int32_t exponent = (int32_t)((x >> 23) & 0xff) - 127 + 15;
    uint32_t mantissa = x & 0x7fffff;
    if (((x >> 23) & 0xff) == 0xff) return (uint16_t)(sign | 0x7c00 | (mantissa ? 0x200 : 0));
    if (exponent >= 31) return (uint16_t)(sign | 0x7c00);
    if (exponent <= 0) {
        if (exponent < -10) return (uint16_t)sign;
        mantissa |= 0x800000;
        uint32_t shift = (uint32_t)(14 - exponent);
        uint32_t half = mantissa >> shift, rest = mantissa & ((1u << shift) - 1), midpoint = 1u << (shift - 1);
        if (rest > midpoint || (rest == midpoint && (half & 1))) half++;
        return (uint16_t)(sign | half);
    }
    uint32_t half = sign | ((uint32_t)exponent << 10) | (mantissa >> 13), rest = mantissa & 0x1fff;
    if (rest > 0x1000 || (rest == 0x1000 && (half & 1))) half++;
    return (uint16_t)half;
}

void ck_attention_scores_portable(const float *q, const uint16_t *keys, int64_t stride, int64_t count,
                            int64_t dim, float scale, float *scores) {
    for (int64_t j = 0; j < count; j++) {
        const uint16_t *k = keys + j * stride;
        float sum = 0;
        for (int64_t d = 0; d < dim; d++) sum += q[d] * ck_half_to_float(k[d]);
        scores[j] = sum * scale;
    }
}

void ck_attention_accumulate_portable(const float *weights, const uint16_t *values, int64_t stride,
                                int64_t count, int64_t dim, float *out) {
    for (int64_t j = 0; j < count; j++) {
        const uint16_t *v = values + j * stride;
        for (int64_t d = 0; d < dim; d++) out[d] += weights[j] * ck_half_to_float(v[d]);
    }
}

