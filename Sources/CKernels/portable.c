// The portable path: one (row, token) at a time on the weights as stored,
// with the reference's arithmetic — the fallback on any CPU (and the
// reference the float formats' SIMD path, float_avx2.c, is tested against).
#include "ckernels.h"
#include "formats.h"
#include "kernels.h"

/// Float weights with float activations: a plain left-to-right sum, as the reference.
static float dot_float(uint32_t type, const uint8_t *row, const float *x, int64_t columns) {
    float sum = 0;
    for (int64_t i = 0; i < columns; i++) {
        float w;
        if (type == T_F32) {
            memcpy(&w, row + 4 * i, 4);
        } else if (type == T_F16) {
            w = ck_half_to_float(ck_u16(row + 2 * i));
        } else {
            uint32_t bits = (uint32_t)ck_u16(row + 2 * i) << 16;
            memcpy(&w, &bits, 4);
        }
        sum += w * x[i];
    }
    return sum;
}

/// A quantized row with quantized activations, block by block.
static float dot_quantized(uint32_t type, ck_format f, const uint8_t *row, const uint8_t *act, int64_t nb) {
    int bytes = ck_act_block_bytes(f.act), q0 = ck_act_quants(f.act);
    float sum = 0;
    ck_unpacked w;
    for (int64_t b = 0; b < nb; b++) {
        const uint8_t *y = act + b * bytes;
        const int8_t *q = (const int8_t *)(y + q0);
        ck_unpack(type, row + b * f.block_bytes, &w);
        int32_t total = 0, mins = 0;
        for (int j = 0; j < f.qk / f.sub; j++) {
            int32_t dot = 0, a = 0;
            for (int l = j * f.sub; l < (j + 1) * f.sub; l++) {
                dot += w.u[l] * q[l];
                a += q[l];
            }
            int32_t part = dot - f.offset * a;
            total += f.scales ? w.sc[j] * part : part;
            if (f.kmins) mins += w.mn[j] * a;
        }
        float yd, ys = 0;
        if (f.act == A_Q8_K) {
            memcpy(&yd, y, 4);
        } else {
            yd = ck_half_to_float(ck_u16(y));
            if (f.act == A_Q8_1) ys = ck_half_to_float(ck_u16(y + 2));
        }
        sum += ck_epilogue(type, ck_half_to_float(w.d), ck_half_to_float(w.m), yd, ys, total, mins);
    }
    return sum;
}

void ck_matmul_portable(uint32_t type, const void *weights, int64_t columns, int64_t row_begin, int64_t row_end,
                        const void *acts, int64_t act_stride, int64_t tokens, float *y, int64_t y_stride) {
    ck_format f = ck_format_of(type);
    int64_t nb = columns / f.qk, row_bytes = nb * f.block_bytes;
    for (int64_t r = row_begin; r < row_end; r++) {
        const uint8_t *row = (const uint8_t *)weights + r * row_bytes;
        for (int64_t t = 0; t < tokens; t++) {
            const uint8_t *act = (const uint8_t *)acts + t * act_stride;
            y[t * y_stride + (r - row_begin)] = f.act == A_F32
                ? dot_float(type, row, (const float *)act, columns)
                : dot_quantized(type, f, row, act, nb);
        }
    }
}
