// e^x on AVX2/FMA, shared by the kernels that need it (softmax, SiLU). Include
// it after the file's `#pragma clang attribute push(target("avx2,fma"))`.
#ifndef APIARY_AVX2_EXP_H
#define APIARY_AVX2_EXP_H
#include <immintrin.h>

/// e^x for x ≤ 0: x = n·ln2 + r with |r| ≤ ln2/2, e^r by a degree-6
/// polynomial (Cephes' expf coefficients), times 2^n through the exponent
/// bits. Below −87 (where 2^n would leave the normal range) the result is 0.
static inline __attribute__((always_inline)) __m256 ck_exp8(__m256 x) {
    const __m256 floor = _mm256_set1_ps(-87.0f);
    __m256 underflow = _mm256_cmp_ps(x, floor, _CMP_LT_OQ);
    x = _mm256_max_ps(x, floor);
    __m256 n = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504088896341f)), _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), x);
    r = _mm256_fnmadd_ps(n, _mm256_set1_ps(-2.12194440e-4f), r);
    __m256 p = _mm256_set1_ps(1.9875691500e-4f);
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.3981999507e-3f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(8.3334519073e-3f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(4.1665795894e-2f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.6666665459e-1f));
    p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(5.0000001201e-1f));
    __m256 y = _mm256_add_ps(_mm256_fmadd_ps(p, _mm256_mul_ps(r, r), r), _mm256_set1_ps(1));
    __m256i scale = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
    return _mm256_andnot_ps(underflow, _mm256_mul_ps(y, _mm256_castsi256_ps(scale)));
}

#endif
