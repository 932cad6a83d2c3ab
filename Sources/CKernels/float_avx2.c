// Float weights (F32, F16, BF16) with float activations on AVX2/FMA: tiles
// of 4 rows × 2 tokens, 8 columns per step, the weights widened to float as
// they are loaded (F16C for F16, a 16-bit shift for BF16). Sums are formed in
// lanes, so they differ from the reference's left-to-right sum by rounding
// only — and, as in every kernel, not at all with the batch.
#include <immintrin.h>
#include "ckernels.h"
#include "formats.h"
#include "kernels.h"

#pragma clang attribute push(__attribute__((target("avx2,fma,f16c"))), apply_to = function)

#include "avx2_sum.h"

#define INLINE static inline __attribute__((always_inline))

/// Eight weights of `type` from element i of a row, as floats.
INLINE __m256 load8(const uint32_t type, const uint8_t *row, int64_t i) {
    switch (type) {
    case T_F16: return _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(const void *)(row + 2 * i)));
    case T_BF16: {
        __m256i wide = _mm256_cvtepu16_epi32(_mm_loadu_si128((const __m128i *)(const void *)(row + 2 * i)));
        return _mm256_castsi256_ps(_mm256_slli_epi32(wide, 16));
    }
    default: return _mm256_loadu_ps((const float *)(const void *)(row + 4 * i));
    }
}

INLINE float load1(const uint32_t type, const uint8_t *row, int64_t i) {
    float w;
    if (type == T_F16) return ck_half_to_float(ck_u16(row + 2 * i));
    if (type == T_BF16) {
        uint32_t bits = (uint32_t)ck_u16(row + 2 * i) << 16;
        memcpy(&w, &bits, 4);
        return w;
    }
    memcpy(&w, row + 4 * i, 4);
    return w;
}

/// R rows from r × T tokens from t (constants after inlining).
INLINE void tile(const uint32_t type, const int R, const int T, const uint8_t *weights, int64_t row_bytes, int64_t columns,
                 int64_t r, const uint8_t *acts, int64_t act_stride, int64_t t, float *y, int64_t y_stride, int64_t row_begin) {
    __m256 acc[4][2];
    const float *x[2];
    for (int j = 0; j < T; j++) x[j] = (const float *)(const void *)(acts + (t + j) * act_stride);
    for (int i = 0; i < R; i++)
        for (int j = 0; j < T; j++) acc[i][j] = _mm256_setzero_ps();
    int64_t k = 0;
    for (; k + 8 <= columns; k += 8) {
        __m256 xv[2];
        for (int j = 0; j < T; j++) xv[j] = _mm256_loadu_ps(x[j] + k);
        for (int i = 0; i < R; i++) {
            __m256 w = load8(type, weights + (r + i) * row_bytes, k);
            for (int j = 0; j < T; j++) acc[i][j] = _mm256_fmadd_ps(w, xv[j], acc[i][j]);
        }
    }
    for (int i = 0; i < R; i++)
        for (int j = 0; j < T; j++) {
            float sum = ck_sum8(acc[i][j]);
            for (int64_t e = k; e < columns; e++) sum += load1(type, weights + (r + i) * row_bytes, e) * x[j][e];
            y[(t + j) * y_stride + (r + i - row_begin)] = sum;
        }
}

#define TILES(TYPE)                                                                                               \
    do {                                                                                                          \
        int64_t r = row_begin;                                                                                    \
        for (; r + 4 <= row_end; r += 4) {                                                                        \
            int64_t t = 0;                                                                                        \
            for (; t + 2 <= tokens; t += 2) tile(TYPE, 4, 2, w, row_bytes, columns, r, a, act_stride, t, y, y_stride, row_begin); \
            if (t < tokens) tile(TYPE, 4, 1, w, row_bytes, columns, r, a, act_stride, t, y, y_stride, row_begin);  \
        }                                                                                                         \
        for (; r < row_end; r++)                                                                                  \
            for (int64_t t = 0; t < tokens; t++) tile(TYPE, 1, 1, w, row_bytes, columns, r, a, act_stride, t, y, y_stride, row_begin); \
    } while (0)

void ck_matmul_float_avx2(uint32_t type, const void *weights, int64_t columns, int64_t row_begin, int64_t row_end,
                          const void *acts, int64_t act_stride, int64_t tokens, float *y, int64_t y_stride) {
    const uint8_t *w = weights, *a = acts;
    const int64_t row_bytes = columns * (type == T_F32 ? 4 : 2);
    switch (type) {
    case T_F16: TILES(T_F16); break;
    case T_BF16: TILES(T_BF16); break;
    default: TILES(T_F32); break;
    }
}

#pragma clang attribute pop
