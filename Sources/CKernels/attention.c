// The one dispatch point of the attention kernels: the AVX2 path when the
// active instruction set allows it, else the portable reference.
#include "attention_internal.h"
#include "ckernels.h"

void ck_attention_scores_f16(const float *q, const uint16_t *keys, int64_t stride, int64_t count,
                             int64_t dim, float scale, float *scores) {
    if (ck_active_isa() >= CK_ISA_AVX2) ck_attention_scores_avx2(q, keys, stride, count, dim, scale, scores);
    else ck_attention_scores_portable(q, keys, stride, count, dim, scale, scores);
}

void ck_attention_accumulate_f16(const float *weights, const uint16_t *values, int64_t stride,
                                 int64_t count, int64_t dim, float *out) {
    if (ck_active_isa() >= CK_ISA_AVX2) ck_attention_accumulate_avx2(weights, values, stride, count, dim, out);
    else ck_attention_accumulate_portable(weights, values, stride, count, dim, out);
}

void ck_f32_to_f16(const float *src, uint16_t *dst, int64_t count) {
    if (ck_active_isa() >= CK_ISA_AVX2) { ck_f32_to_f16_avx2(src, dst, count); return; }
    for (int64_t i = 0; i < count; i++) dst[i] = ck_float_to_half(src[i]);
}

void ck_f16_to_f32(const uint16_t *src, float *dst, int64_t count) {
    if (ck_active_isa() >= CK_ISA_AVX2) { ck_f16_to_f32_avx2(src, dst, count); return; }
    for (int64_t i = 0; i < count; i++) dst[i] = ck_half_to_float(src[i]);
}
