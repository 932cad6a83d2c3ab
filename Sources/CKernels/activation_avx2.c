// SwiGLU on AVX2/FMA, 8 lanes.
#include <immintrin.h>
#include "vector_internal.h"

#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)

#include "avx2_exp.h"

/// silu(g)·u with the sigmoid from t = e^−|g| ≤ 1 (never overflows):
/// σ(g) = 1/(1+t) for g ≥ 0, t/(1+t) below.
void ck_silu_gated_avx2(float *gate, const float *up, int64_t count) {
    const __m256 one = _mm256_set1_ps(1), sign = _mm256_set1_ps(-0.0f);
    int64_t i = 0;
    for (; i + 8 <= count; i += 8) {
        __m256 g = _mm256_loadu_ps(gate + i);
        __m256 t = ck_exp8(_mm256_or_ps(g, sign));
        __m256 numerator = _mm256_blendv_ps(one, t, g);  // the sign bit of g picks t
        __m256 sigmoid = _mm256_div_ps(numerator, _mm256_add_ps(one, t));
        _mm256_storeu_ps(gate + i, _mm256_mul_ps(_mm256_mul_ps(g, sigmoid), _mm256_loadu_ps(up + i)));
    }
    ck_silu_gated_portable(gate + i, up + i, count - i);
}

#pragma clang attribute pop
