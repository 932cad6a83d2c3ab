// Attention loops with AVX2/FMA and F16C conversions (every AVX2 CPU has
// F16C). Up to 4 query heads of a group go together: each key or value
// row is loaded and converted once for all of them, and each head's sums
// are formed exactly as they would be alone.
#include <immintrin.h>
#include "attention_internal.h"
#include "formats.h"

#pragma clang attribute push(__attribute__((target("avx2,fma,f16c"))), apply_to = function)

#include "avx2_sum.h"

#define INLINE static inline __attribute__((always_inline))
#define GROUP 4

INLINE __m256 half8(const uint16_t *p) { return _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(const void *)p)); }

/// H (≤ GROUP, a constant after inlining) heads against every key.
INLINE void scores_group(const int H, const float *q, const uint16_t *keys, int64_t stride, int64_t count,
                         int64_t dim, float scale, float *scores, int64_t scores_stride) {
    for (int64_t j = 0; j < count; j++) {
        const uint16_t *k = keys + j * stride;
        __m256 acc0[GROUP], acc1[GROUP];
        for (int h = 0; h < H; h++) { acc0[h] = _mm256_setzero_ps(); acc1[h] = _mm256_setzero_ps(); }
        int64_t d = 0;
        for (; d + 16 <= dim; d += 16) {
            __m256 k0 = half8(k + d), k1 = half8(k + d + 8);
            for (int h = 0; h < H; h++) {
                acc0[h] = _mm256_fmadd_ps(_mm256_loadu_ps(q + h * dim + d), k0, acc0[h]);
                acc1[h] = _mm256_fmadd_ps(_mm256_loadu_ps(q + h * dim + d + 8), k1, acc1[h]);
            }
        }
        for (int h = 0; h < H; h++) {
            float sum = ck_sum8(_mm256_add_ps(acc0[h], acc1[h]));
            for (int64_t e = d; e < dim; e++) sum += q[h * dim + e] * ck_half_to_float(k[e]);
            scores[h * scores_stride + j] = sum * scale;
        }
    }
}

/// H heads' weighted sums of every value row, 16 dimensions at a time in registers.
INLINE void accumulate_group(const int H, const float *weights, int64_t weights_stride, const uint16_t *values,
                             int64_t stride, int64_t count, int64_t dim, float *out) {
    int64_t d = 0;
    for (; d + 16 <= dim; d += 16) {
        __m256 o0[GROUP], o1[GROUP];
        for (int h = 0; h < H; h++) { o0[h] = _mm256_loadu_ps(out + h * dim + d); o1[h] = _mm256_loadu_ps(out + h * dim + d + 8); }
        for (int64_t j = 0; j < count; j++) {
            __m256 v0 = half8(values + j * stride + d), v1 = half8(values + j * stride + d + 8);
            for (int h = 0; h < H; h++) {
                __m256 w = _mm256_set1_ps(weights[h * weights_stride + j]);
                o0[h] = _mm256_fmadd_ps(w, v0, o0[h]);
                o1[h] = _mm256_fmadd_ps(w, v1, o1[h]);
            }
        }
        for (int h = 0; h < H; h++) { _mm256_storeu_ps(out + h * dim + d, o0[h]); _mm256_storeu_ps(out + h * dim + d + 8, o1[h]); }
    }
    for (int h = 0; h < H && d < dim; h++)
        ck_attention_accumulate_portable(weights + h * weights_stride, weights_stride, 1, values + d, stride, count, dim - d,
                                         out + h * dim + d);
}

void ck_attention_scores_avx2(const float *q, int64_t heads, const uint16_t *keys, int64_t stride, int64_t count,
                              int64_t dim, float scale, float *scores, int64_t scores_stride) {
    for (int64_t h0 = 0; h0 < heads; h0 += GROUP) {
        const float *qh = q + h0 * dim;
        float *sh = scores + h0 * scores_stride;
        switch (heads - h0 < GROUP ? heads - h0 : GROUP) {
        case 1: scores_group(1, qh, keys, stride, count, dim, scale, sh, scores_stride); break;
        case 2: scores_group(2, qh, keys, stride, count, dim, scale, sh, scores_stride); break;
        case 3: scores_group(3, qh, keys, stride, count, dim, scale, sh, scores_stride); break;
        default: scores_group(4, qh, keys, stride, count, dim, scale, sh, scores_stride); break;
        }
    }
}

void ck_attention_accumulate_avx2(const float *weights, int64_t weights_stride, int64_t heads, const uint16_t *values,
                                  int64_t stride, int64_t count, int64_t dim, float *out) {
    for (int64_t h0 = 0; h0 < heads; h0 += GROUP) {
        const float *wh = weights + h0 * weights_stride;
        float *oh = out + h0 * dim;
        switch (heads - h0 < GROUP ? heads - h0 : GROUP) {
        case 1: accumulate_group(1, wh, weights_stride, values, stride, count, dim, oh); break;
        case 2: accumulate_group(2, wh, weights_stride, values, stride, count, dim, oh); break;
        case 3: accumulate_group(3, wh, weights_stride, values, stride, count, dim, oh); break;
        default: accumulate_group(4, wh, weights_stride, values, stride, count, dim, oh); break;
        }
    }
}

void ck_f32_to_f16_avx2(const float *src, uint16_t *dst, int64_t count) {
    int64_t i = 0;
    for (; i + 8 <= count; i += 8)
        _mm_storeu_si128((__m128i *)(void *)(dst + i), _mm256_cvtps_ph(_mm256_loadu_ps(src + i), _MM_FROUND_TO_NEAREST_INT));
    for (; i < count; i++) dst[i] = ck_float_to_half(src[i]);
}

void ck_f16_to_f32_avx2(const uint16_t *src, float *dst, int64_t count) {
    int64_t i = 0;
    for (; i + 8 <= count; i += 8) _mm256_storeu_ps(dst + i, half8(src + i));
    for (; i < count; i++) dst[i] = ck_half_to_float(src[i]);
}

#pragma clang attribute pop
