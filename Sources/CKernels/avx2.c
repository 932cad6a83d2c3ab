// The packed kernel on AVX2: 8 rows per ymm (a 16-row group in two
// halves). `vpmaddubsw` multiplies unsigned weight quants by signed
// activation bytes into int16 pairs — quants below 128 cannot saturate
// them — and `vpmaddwd` by ones widens to int32. Q8_0's signed quants use
// the sign trick (|w| times a with w's sign) instead.
#include <immintrin.h>
#include "ckernels.h"
#include "formats.h"
#include "kernels.h"

#pragma clang attribute push(__attribute__((target("avx2,fma,f16c"))), apply_to = function)

#define LANES 8
#define TILE 2
#define VI __m256i
#define VF __m256
#define Q8_OFFSET 0
#define ENTRY ck_matmul_packed_avx2

static inline __attribute__((always_inline)) VI vi_bcast(const uint8_t *p) {
    int32_t v;
    memcpy(&v, p, 4);
    return _mm256_set1_epi32(v);
}
static inline __attribute__((always_inline)) VI vi_dot(VI acc, VI u, VI a) {
    return _mm256_add_epi32(acc, _mm256_madd_epi16(_mm256_maddubs_epi16(u, a), _mm256_set1_epi16(1)));
}
static inline __attribute__((always_inline)) VI vi_dot_q8(VI acc, VI w, VI a) {
    return vi_dot(acc, _mm256_abs_epi8(w), _mm256_sign_epi8(a, w));
}
#define vi_zero() _mm256_setzero_si256()
#define vi_set1(x) _mm256_set1_epi32(x)
#define vi_load(p) _mm256_loadu_si256((const __m256i *)(const void *)(p))
#define vi_q8_weights(u) _mm256_xor_si256(u, _mm256_set1_epi8((char)0x80))
#define vi_lo(x) _mm256_and_si256(x, _mm256_set1_epi8(0x0F))
#define vi_hi(x) _mm256_and_si256(_mm256_srli_epi16(x, 4), _mm256_set1_epi8(0x0F))
#define vi_add(a, b) _mm256_add_epi32(a, b)
#define vi_sub(a, b) _mm256_sub_epi32(a, b)
#define vi_mul(a, b) _mm256_mullo_epi32(a, b)
#define vi_s8(p) _mm256_cvtepi8_epi32(_mm_loadl_epi64((const __m128i *)(const void *)(p)))
#define vf_zero() _mm256_setzero_ps()
#define vf_set1(x) _mm256_set1_ps(x)
#define vf_half(p) _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(const void *)(p)))
#define vf_cvt(x) _mm256_cvtepi32_ps(x)
#define vf_add(a, b) _mm256_add_ps(a, b)
#define vf_sub(a, b) _mm256_sub_ps(a, b)
#define vf_mul(a, b) _mm256_mul_ps(a, b)
#define vf_store(p, v) _mm256_storeu_ps(p, v)

#include "packed_kernel.inc"

/// 8 fused lanes, then their sum, then the tail.
float ck_dot_f32_f16_avx2(const float *a, const uint16_t *b, int64_t count) {
    __m256 acc = _mm256_setzero_ps();
    int64_t i = 0;
    for (; i + 8 <= count; i += 8)
        acc = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(const void *)(b + i))), acc);
    __m128 four = _mm_add_ps(_mm256_castps256_ps128(acc), _mm256_extractf128_ps(acc, 1));
    __m128 two = _mm_add_ps(four, _mm_movehl_ps(four, four));
    float sum = _mm_cvtss_f32(_mm_add_ss(two, _mm_movehdup_ps(two)));
    for (; i < count; i++) sum += a[i] * ck_half_to_float(b[i]);
    return sum;
}

void ck_add_scaled_f16_avx2(float w, const uint16_t *x, float *y, int64_t count) {
    const __m256 weight = _mm256_set1_ps(w);
    int64_t i = 0;
    for (; i + 8 <= count; i += 8) {
        __m256 v = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(const void *)(x + i)));
        _mm256_storeu_ps(y + i, _mm256_add_ps(_mm256_loadu_ps(y + i), _mm256_mul_ps(weight, v)));
    }
    for (; i < count; i++) y[i] += w * ck_half_to_float(x[i]);
}

#pragma clang attribute pop
