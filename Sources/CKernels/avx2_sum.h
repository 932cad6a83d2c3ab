// The horizontal sum the AVX2 files share. Include it after the file's
// `#pragma clang attribute push(target("avx2…"))`, so it is compiled for AVX2.
#ifndef APIARY_AVX2_SUM_H
#define APIARY_AVX2_SUM_H
#include <immintrin.h>

/// The sum of the 8 lanes of v.
static inline __attribute__((always_inline)) float ck_sum8(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    return _mm_cvtss_f32(_mm_add_ss(s, _mm_movehdup_ps(s)));
}
#endif
