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
#define TILE 4
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
/// The shifts layout (formats.h): the group's bits of all planes sit at the
/// same bit of each byte of one vector, so one shift takes them to `base`
/// (16-bit shifts: the bits they carry across bytes miss the mask).
static inline __attribute__((always_inline)) VI vi_highbits(VI x, const uint8_t *bits, int half, int e, int planes, int base) {
    const int n = planes * e, shift = base - n % 8;
    VI v = _mm256_loadu_si256((const __m256i *)(const void *)(bits + 32 * planes * half + 32 * (n / 8)));
    v = shift >= 0 ? _mm256_slli_epi16(v, shift) : _mm256_srli_epi16(v, -shift);
    return _mm256_or_si256(x, _mm256_and_si256(v, _mm256_set1_epi8((char)(((1 << planes) - 1) << base))));
}
/// Partial sums as the int16 pairs of `vpmaddubsw`: with activations within
/// ±127, a pair of products is at most 2·127·umax, so SHORT_RUN(umax) steps
/// cannot overflow (8 for nibbles, 4 with one high bit, 2 with two).
#define VP __m256i
#define vp_zero() _mm256_setzero_si256()
#define vp_dot(p, u, a) _mm256_add_epi16(p, _mm256_maddubs_epi16(u, a))
#define vp_widen(p) _mm256_madd_epi16(p, _mm256_set1_epi16(1))
#define vp_add(a, b) _mm256_add_epi16(a, b)
#define PARTIALS_PAIRED 1
#define vp_widen_scaled(p, pairs) _mm256_madd_epi16(p, pairs)
#define SHORT_RUN(umax) (32767 / (2 * 127 * (umax)))
#define vi_zero() _mm256_setzero_si256()
#define vi_set1(x) _mm256_set1_epi32(x)
#define vi_load(p) _mm256_loadu_si256((const __m256i *)(const void *)(p))
#define vi_q8_weights(u) _mm256_xor_si256(u, _mm256_set1_epi8((char)0x80))
#define vi_lo(x) _mm256_and_si256(x, _mm256_set1_epi8(0x0F))
#define vi_crumb(x, shift) _mm256_and_si256(_mm256_srli_epi16(x, shift), _mm256_set1_epi8(3))
#define vi_hi(x) _mm256_and_si256(_mm256_srli_epi16(x, 4), _mm256_set1_epi8(0x0F))
#define vi_add(a, b) _mm256_add_epi32(a, b)
#define vi_sub(a, b) _mm256_sub_epi32(a, b)
#define vi_mul(a, b) _mm256_mullo_epi32(a, b)
#define vi_dot16(acc, x, y) _mm256_add_epi32(acc, _mm256_madd_epi16(x, y))
#define vi_pair(lo, hi) _mm256_blend_epi16(lo, _mm256_slli_epi32(hi, 16), 0xAA)
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

#pragma clang attribute pop
