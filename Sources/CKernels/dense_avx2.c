// The float32 dense layer on AVX2/FMA: tiles of 4 weight rows × 2 tokens,
// 8 inputs per step, so each loaded weight vector serves two tokens and
// each token vector four rows (8 accumulators, 13 of 16 registers).
#include <immintrin.h>
#include "vector_internal.h"

#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)

#define INLINE static inline __attribute__((always_inline))

INLINE float sum8(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    return _mm_cvtss_f32(_mm_add_ss(s, _mm_movehdup_ps(s)));
}

/// R rows (from r) × T tokens (from t), both constants after inlining.
INLINE void tile(const int R, const int T, const float *w, const float *bias, int64_t n, int64_t r, const float *x,
                 int64_t t, float *y, int64_t y_stride) {
    __m256 acc[4][2];
    for (int i = 0; i < R; i++)
        for (int j = 0; j < T; j++) acc[i][j] = _mm256_setzero_ps();
    int64_t k = 0;
    for (; k + 8 <= n; k += 8) {
        __m256 xv[2];
        for (int j = 0; j < T; j++) xv[j] = _mm256_loadu_ps(x + (t + j) * n + k);
        for (int i = 0; i < R; i++) {
            __m256 wv = _mm256_loadu_ps(w + (r + i) * n + k);
            for (int j = 0; j < T; j++) acc[i][j] = _mm256_fmadd_ps(wv, xv[j], acc[i][j]);
        }
    }
    for (int i = 0; i < R; i++)
        for (int j = 0; j < T; j++) {
            float sum = sum8(acc[i][j]);
            for (int64_t e = k; e < n; e++) sum += x[(t + j) * n + e] * w[(r + i) * n + e];
            y[(t + j) * y_stride + r + i] = sum + bias[r + i];
        }
}

void ck_dense_f32_avx2(const float *w, const float *bias, int64_t inputs, int64_t row_begin, int64_t row_end,
                       const float *x, int64_t tokens, float *y, int64_t y_stride) {
    int64_t r = row_begin;
    for (; r + 4 <= row_end; r += 4) {
        int64_t t = 0;
        for (; t + 2 <= tokens; t += 2) tile(4, 2, w, bias, inputs, r, x, t, y, y_stride);
        if (t < tokens) tile(4, 1, w, bias, inputs, r, x, t, y, y_stride);
    }
    for (; r < row_end; r++)
        for (int64_t t = 0; t < tokens; t++) tile(1, 1, w, bias, inputs, r, x, t, y, y_stride);
}

#pragma clang attribute pop
