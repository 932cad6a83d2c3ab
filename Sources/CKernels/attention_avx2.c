// Attention loops with AVX2/FMA and F16C conversions (every AVX2 CPU has F16C).
#include "attention_internal.h"
#include <immintrin.h>

__attribute__((target("avx2,fma,f16c")))
static float sum8(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

__attribute__((target("avx2,fma,f16c")))
void ck_attention_scores_avx2(const float *q, const uint16_t *keys, int64_t stride, int64_t count,
                        int64_t dim, float scale, float *scores) {
    for (int64_t j = 0; j < count; j++) {
        const uint16_t *k = keys + j * stride;
        __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
        int64_t d = 0;
        for (; d + 16 <= dim; d += 16) {
            acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(q + d), _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(k + d))), acc0);
            acc1 = _mm256_fmadd_ps(_mm256_loadu_ps(q + d + 8), _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(k + d + 8))), acc1);
        }
        float sum = sum8(_mm256_add_ps(acc0, acc1));
        for (; d < dim; d++) sum += q[d] * ck_half_to_float(k[d]);
        scores[j] = sum * scale;
    }
}

__attribute__((target("avx2,fma,f16c")))
void ck_attention_accumulate_avx2(const float *weights, const uint16_t *values, int64_t stride,
                            int64_t count, int64_t dim, float *out) {
    int64_t d = 0;
    // Output tiles of 32 floats stay in registers across all positions.
    for (; d + 32 <= dim; d += 32) {
        __m256 o0 = _mm256_loadu_ps(out + d), o1 = _mm256_loadu_ps(out + d + 8);
        __m256 o2 = _mm256_loadu_ps(out + d + 16), o3 = _mm256_loadu_ps(out + d + 24);
        for (int64_t j = 0; j < count; j++) {
            const uint16_t *v = values + j * stride + d;
            __m256 w = _mm256_set1_ps(weights[j]);
            o0 = _mm256_fmadd_ps(w, _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(v))), o0);
            o1 = _mm256_fmadd_ps(w, _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(v + 8))), o1);
            o2 = _mm256_fmadd_ps(w, _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(v + 16))), o2);
            o3 = _mm256_fmadd_ps(w, _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(v + 24))), o3);
        }
        _mm256_storeu_ps(out + d, o0);
        _mm256_storeu_ps(out + d + 8, o1);
        _mm256_storeu_ps(out + d + 16, o2);
        _mm256_storeu_ps(out + d + 24, o3);
    }
    if (d < dim) ck_attention_accumulate_portable(weights, values + d, stride, count, dim - d, out + d);
}

__attribute__((target("avx2,fma,f16c")))
void ck_f32_to_f16_avx2(const float *src, uint16_t *dst, int64_t count) {
    int64_t i = 0;
    for (; i + 8 <= count; i += 8) {
        _mm_storeu_si128((__m128i *)(dst + i), _mm256_cvtps_ph(_mm256_loadu_ps(src + i), _MM_FROUND_TO_NEAREST_INT));
    }
    for (; i < count; i++) dst[i] = ck_float_to_half(src[i]);
}


__attribute__((target("avx2,fma,f16c")))
void ck_f16_to_f32_avx2(const uint16_t *src, float *dst, int64_t count) {
    int64_t i = 0;
    for (; i + 8 <= count; i += 8) _mm256_storeu_ps(dst + i, _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(src + i))));
    for (; i < count; i++) dst[i] = ck_half_to_float(src[i]);
}
