// The one dispatch point of the attention kernels: the AVX2 path when the
// given instruction set allows it, else the portable reference.
#include "attention_internal.h"
#include "formats.h"

static int use_avx2(ck_isa isa) { return isa >= CK_ISA_AVX2 && ck_isa_supported(CK_ISA_AVX2); }

void ck_attention_scores_f16(ck_isa isa, const float *q, int64_t heads, const uint16_t *keys, int64_t stride,
                             int64_t count, int64_t dim, float scale, float *scores, int64_t scores_stride) {
    if (use_avx2(isa)) ck_attention_scores_avx2(q, heads, keys, stride, count, dim, scale, scores, scores_stride);
    else ck_attention_scores_portable(q, heads, keys, stride, count, dim, scale, scores, scores_stride);
}

void ck_attention_accumulate_f16(ck_isa isa, const float *weights, int64_t weights_stride, int64_t heads,
                                 const uint16_t *values, int64_t stride, int64_t count, int64_t dim, float *out) {
    if (use_avx2(isa)) ck_attention_accumulate_avx2(weights, weights_stride, heads, values, stride, count, dim, out);
    else ck_attention_accumulate_portable(weights, weights_stride, heads, values, stride, count, dim, out);
}

void ck_f32_to_f16(const float *src, uint16_t *dst, int64_t count) {
    if (use_avx2(ck_active_isa())) { ck_f32_to_f16_avx2(src, dst, count); return; }
    for (int64_t i = 0; i < count; i++) dst[i] = ck_float_to_half(src[i]);
}

void ck_f16_to_f32(const uint16_t *src, float *dst, int64_t count) {
    if (use_avx2(ck_active_isa())) { ck_f16_to_f32_avx2(src, dst, count); return; }
    for (int64_t i = 0; i < count; i++) dst[i] = ck_half_to_float(src[i]);
}
