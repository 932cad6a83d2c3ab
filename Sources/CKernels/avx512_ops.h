// The packed kernels' vector operations on AVX-512 with VNNI (see
// packed_kernel.inc), shared by avx512vnni.c and amx.c. Include it inside
// their `#pragma clang attribute push(target(...))`.
#ifndef APIARY_AVX512_OPS_H
#define APIARY_AVX512_OPS_H
#include <immintrin.h>
#include <string.h>

#define LANES 16
#define TILE 4
#define VI __m512i
#define VF __m512
#define Q8_OFFSET 128

static inline __attribute__((always_inline)) VI vi_bcast(const uint8_t *p) {
    int32_t v;
    memcpy(&v, p, 4);
    return _mm512_set1_epi32(v);
}
#define vi_zero() _mm512_setzero_si512()
#define vi_set1(x) _mm512_set1_epi32(x)
#define vi_load(p) _mm512_loadu_si512((const void *)(p))
#define vi_dot(acc, u, a) _mm512_dpbusd_epi32(acc, u, a)
/// `vpdpbusd` accumulates in int32: partial sums need no widening.
#define VP VI
#define vp_zero() vi_zero()
#define vp_dot(p, u, a) vi_dot(p, u, a)
#define vp_widen(p) (p)
#define vp_add(a, b) vi_add(a, b)
#define PARTIALS_PAIRED 0
#define SHORT_RUN(umax) 64
#define vi_q8_weights(u) (u)
#define vi_dot_q8(acc, u, a) _mm512_dpbusd_epi32(acc, u, a)
#define vi_lo(x) _mm512_and_si512(x, _mm512_set1_epi8(0x0F))
#define vi_crumb(x, shift) _mm512_and_si512(_mm512_srli_epi16(x, shift), _mm512_set1_epi8(3))
#define vi_hi(x) _mm512_and_si512(_mm512_srli_epi16(x, 4), _mm512_set1_epi8(0x0F))
/// The masks layout (formats.h): each plane's 64 bits select the bytes that gain its bit.
static inline __attribute__((always_inline)) VI vi_highbits(VI x, const uint8_t *bits, int half, int e, int planes, int base) {
    for (int p = 0; p < planes; p++) {
        __mmask64 set = _load_mask64((__mmask64 *)(void *)(bits + 64 * p + 8 * e + half * LANES / 2));
        x = _mm512_mask_add_epi8(x, set, x, _mm512_set1_epi8((char)(1 << (base + p))));
    }
    return x;
}
#define vi_add(a, b) _mm512_add_epi32(a, b)
#define vi_sub(a, b) _mm512_sub_epi32(a, b)
#define vi_mul(a, b) _mm512_mullo_epi32(a, b)
#define vi_dot16(acc, x, y) _mm512_dpwssd_epi32(acc, x, y)
#define vi_pair(lo, hi) _mm512_mask_blend_epi16(0xAAAAAAAA, lo, _mm512_slli_epi32(hi, 16))
#define vi_s8(p) _mm512_cvtepi8_epi32(_mm_loadu_si128((const __m128i *)(const void *)(p)))
#define vf_zero() _mm512_setzero_ps()
#define vf_set1(x) _mm512_set1_ps(x)
#define vf_half(p) _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(const void *)(p)))
#define vf_cvt(x) _mm512_cvtepi32_ps(x)
#define vf_add(a, b) _mm512_add_ps(a, b)
#define vf_sub(a, b) _mm512_sub_ps(a, b)
#define vf_mul(a, b) _mm512_mul_ps(a, b)
#define vf_store(p, v) _mm512_storeu_ps(p, v)

#endif
