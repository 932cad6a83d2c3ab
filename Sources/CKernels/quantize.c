// Activation quantization, byte-identical to the Swift reference
// (`QuantizeActivations`, after ggml's `quantize_row_q8_*_ref`), plus the
// side data the SIMD kernels read (scales as floats, integer block sums).
#include <math.h>
#include "ckernels.h"
#include "formats.h"
#include "quantize_internal.h"

/// An already-rounded value clamped to ±127; NaN becomes 0.
static inline int8_t saturating_int8(float value) {
    if (value != value) return 0;
    if (value > 127) return 127;
    if (value < -127) return -127;
    return (int8_t)value;
}

static float portable_max_abs(const float *x, int n) {
    float largest = 0;
    for (int j = 0; j < n; j++) if (fabsf(x[j]) > largest) largest = fabsf(x[j]);
    return largest;
}

static int portable_round_away(const float *x, float inverse, int8_t *q, int n) {
    int sum = 0;
    for (int j = 0; j < n; j++) {
        q[j] = saturating_int8(roundf(x[j] * inverse));
        sum += q[j];
    }
    return sum;
}

static void portable_round_even(const float *x, float scale, int8_t *q, int n) {
    for (int j = 0; j < n; j++) q[j] = saturating_int8(nearbyintf(scale * x[j]));
}

const ck_quantize_loops ck_quantize_loops_portable = {portable_max_abs, portable_round_away, portable_round_even};

static void store_half(uint8_t *p, float value) {
    uint16_t h = ck_float_to_half(value);
    p[0] = (uint8_t)h;
    p[1] = (uint8_t)(h >> 8);
}

int64_t ck_activation_stride(uint32_t type, int64_t columns) {
    ck_format f = ck_format_of(type);
    if (!f.known || columns < 0 || columns % f.qk != 0) return 0;
    int64_t nb = columns / f.qk;
    if (f.act == A_F32) return (columns * 4 + 63) & ~(int64_t)63;
    return (ck_side_offset(f.act, nb) + ck_side_bytes(f.act, nb) + 63) & ~(int64_t)63;
}

void ck_quantize_using(const ck_quantize_loops *loops, uint32_t type, const float *x, int64_t columns, void *dst) {
    ck_format f = ck_format_of(type);
    uint8_t *out = dst;
    int64_t nb = columns / f.qk;
    if (f.act == A_F32) {
        memcpy(out, x, (size_t)columns * 4);
        return;
    }
    uint8_t *side = out + ck_side_offset(f.act, nb);
    float *side_d = (float *)side;
    if (f.act == A_Q8_0 || f.act == A_Q8_1) {
        float *side_s = side_d + nb;
        int32_t *side_sum = (int32_t *)(side_s + nb);
        int bytes = ck_act_block_bytes(f.act), q0 = ck_act_quants(f.act);
        for (int64_t b = 0; b < nb; b++) {
            const float *xb = x + 32 * b;
            uint8_t *block = out + b * bytes;
            float d = loops->max_abs(xb, 32) / 127;
            float inverse = d == 0 ? 0 : 1 / d;
            int sum = loops->round_away(xb, inverse, (int8_t *)(block + q0), 32);
            store_half(block, d);
            if (f.act == A_Q8_1) store_half(block + 2, (float)sum * d);
            side_d[b] = ck_half_to_float(ck_u16(block));
            side_s[b] = f.act == A_Q8_1 ? ck_half_to_float(ck_u16(block + 2)) : 0;
            side_sum[b] = sum;
        }
        return;
    }
    // Q8_K: the element of largest magnitude maps to ∓127, ties to even.
    int32_t *sum16 = (int32_t *)(side_d + nb), *sum32 = sum16 + 16 * nb;
    for (int64_t b = 0; b < nb; b++) {
        const float *xb = x + 256 * b;
        uint8_t *block = out + b * 292;
        // The first element of largest magnitude, as a strict `>` scan finds it.
        float largest = loops->max_abs(xb, 256), extreme = 0;
        for (int j = 0; j < 256 && largest > 0; j++)
            if (fabsf(xb[j]) == largest) { extreme = xb[j]; break; }
        if (largest == 0) {
            memset(block, 0, 292);
        } else {
            float scale = -127 / extreme;
            const int8_t *q = (const int8_t *)(block + 4);
            loops->round_even(xb, scale, (int8_t *)(block + 4), 256);
            for (int g = 0; g < 16; g++) {
                int16_t sum = 0;  // |Σ| ≤ 16·127: no overflow
                for (int l = 0; l < 16; l++) sum = (int16_t)(sum + q[16 * g + l]);
                memcpy(block + 260 + 2 * g, &sum, 2);
            }
            float d = 1 / scale;
            memcpy(block, &d, 4);
        }
        memcpy(&side_d[b], block, 4);
        for (int g = 0; g < 16; g++) {
            int16_t s;
            memcpy(&s, block + 260 + 2 * g, 2);
            sum16[16 * b + g] = s;
        }
        for (int j = 0; j < 8; j++) sum32[8 * b + j] = sum16[16 * b + 2 * j] + sum16[16 * b + 2 * j + 1];
    }
    int16_t *sum32_16 = (int16_t *)(sum32 + 8 * nb);  // |Σ| ≤ 32·127
    for (int64_t j = 0; j < 8 * nb; j++) sum32_16[j] = (int16_t)sum32[j];
}
