// Softmax on AVX2/FMA, 8 lanes: vector maximum, a polynomial exp, lane-wise
// partial sums.
#include <immintrin.h>
#include <math.h>
#include "vector_internal.h"

#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)

#include "avx2_sum.h"

/// e^x for x ≤ 0: x = n·ln2 + r with |r| ≤ ln2/2, e^r by a degree-6
/// polynomial (Cephes' expf coefficients), times 2^n through the exponent
/// bits. Below −87 (where 2^n would leave the normal range) the result is 0.
static inline __m256 exp8(__m256 x) {
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

void ck_softmax_avx2(float *x, int64_t count) {
    int64_t i = 0;
    __m256 vmax = _mm256_set1_ps(-INFINITY);
    for (; i + 8 <= count; i += 8) vmax = _mm256_max_ps(vmax, _mm256_loadu_ps(x + i));
    __m128 m = _mm_max_ps(_mm256_castps256_ps128(vmax), _mm256_extractf128_ps(vmax, 1));
    m = _mm_max_ps(m, _mm_movehl_ps(m, m));
    float maximum = _mm_cvtss_f32(_mm_max_ss(m, _mm_movehdup_ps(m)));
    for (; i < count; i++) maximum = x[i] > maximum ? x[i] : maximum;

    __m256 vsum = _mm256_setzero_ps(), shift = _mm256_set1_ps(maximum);
    for (i = 0; i + 8 <= count; i += 8) {
        __m256 e = exp8(_mm256_sub_ps(_mm256_loadu_ps(x + i), shift));
        _mm256_storeu_ps(x + i, e);
        vsum = _mm256_add_ps(vsum, e);
    }
    float sum = ck_sum8(vsum);
    for (; i < count; i++) {
        x[i] = expf(x[i] - maximum);
        sum += x[i];
    }
    __m256 inverse = _mm256_set1_ps(1 / sum);
    for (i = 0; i + 8 <= count; i += 8) _mm256_storeu_ps(x + i, _mm256_mul_ps(_mm256_loadu_ps(x + i), inverse));
    for (; i < count; i++) x[i] *= 1 / sum;
}

#pragma clang attribute pop
