// Softmax on AVX2/FMA, 8 lanes: vector maximum, a polynomial exp, lane-wise
// partial sums.
#include <immintrin.h>
#include <math.h>
#include "vector_internal.h"

#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)

#include "avx2_sum.h"
#include "avx2_exp.h"

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
        __m256 e = ck_exp8(_mm256_sub_ps(_mm256_loadu_ps(x + i), shift));
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
