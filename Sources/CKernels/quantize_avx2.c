// Activation quantization loops on AVX2, 8 floats at a time, giving the
// portable loops' bytes exactly: the products are the same single float
// multiplies, and both roundings are done exactly (see round_away).
#include <immintrin.h>
#include "quantize_internal.h"

#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)

static inline __m256 abs8(__m256 v) { return _mm256_andnot_ps(_mm256_set1_ps(-0.0f), v); }

static float avx2_max_abs(const float *x, int n) {
    __m256 largest = _mm256_setzero_ps();
    // max_ps returns its second operand when either is NaN: NaNs are skipped.
    for (int j = 0; j < n; j += 8) largest = _mm256_max_ps(abs8(_mm256_loadu_ps(x + j)), largest);
    __m128 m = _mm_max_ps(_mm256_castps256_ps128(largest), _mm256_extractf128_ps(largest, 1));
    m = _mm_max_ps(m, _mm_movehl_ps(m, m));
    m = _mm_max_ss(m, _mm_movehdup_ps(m));
    return _mm_cvtss_f32(m);
}

/// Clamps rounded values to ±127, NaN to 0, and stores them as int8.
static inline void store8(__m256 r, int8_t *q) {
    r = _mm256_and_ps(r, _mm256_cmp_ps(r, r, _CMP_ORD_Q));
    r = _mm256_min_ps(_mm256_max_ps(r, _mm256_set1_ps(-127)), _mm256_set1_ps(127));
    __m256i i = _mm256_cvtps_epi32(r);
    __m128i w = _mm_packs_epi32(_mm256_castsi256_si128(i), _mm256_extracti128_si256(i, 1));
    _mm_storel_epi64((__m128i *)(void *)q, _mm_packs_epi16(w, w));
}

static int avx2_round_away(const float *x, float inverse, int8_t *q, int n) {
    const __m256 sign = _mm256_set1_ps(-0.0f), half = _mm256_set1_ps(0.5f), one = _mm256_set1_ps(1);
    int sum = 0;
    for (int j = 0; j < n; j += 8) {
        __m256 v = _mm256_mul_ps(_mm256_loadu_ps(x + j), _mm256_set1_ps(inverse));
        // roundf: truncate, then step away from zero when the (exact) fraction is ≥ ½.
        __m256 t = _mm256_round_ps(v, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);
        __m256 up = _mm256_cmp_ps(abs8(_mm256_sub_ps(v, t)), half, _CMP_GE_OQ);
        __m256 r = _mm256_add_ps(t, _mm256_and_ps(up, _mm256_or_ps(_mm256_and_ps(v, sign), one)));
        store8(r, q + j);
    }
    for (int j = 0; j < n; j++) sum += q[j];
    return sum;
}

static void avx2_round_even(const float *x, float scale, int8_t *q, int n) {
    for (int j = 0; j < n; j += 8) {
        __m256 v = _mm256_mul_ps(_mm256_set1_ps(scale), _mm256_loadu_ps(x + j));
        store8(_mm256_round_ps(v, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC), q + j);
    }
}

#pragma clang attribute pop

const ck_quantize_loops ck_quantize_loops_avx2 = {avx2_max_abs, avx2_round_away, avx2_round_even};
