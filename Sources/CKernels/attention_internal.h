// Attention kernels of each instruction set, behind the dispatch in attention.c.
#ifndef APIARY_ATTENTION_INTERNAL_H
#define APIARY_ATTENTION_INTERNAL_H
#include "include/ck_attention.h"

void ck_attention_scores_portable(const float *q, int64_t heads, const uint16_t *keys, int64_t stride, int64_t count,
                                  int64_t dim, float scale, float *scores, int64_t scores_stride);
void ck_attention_accumulate_portable(const float *weights, int64_t weights_stride, int64_t heads, const uint16_t *values,
                                      int64_t stride, int64_t count, int64_t dim, float *out);

void ck_attention_scores_avx2(const float *q, int64_t heads, const uint16_t *keys, int64_t stride, int64_t count,
                              int64_t dim, float scale, float *scores, int64_t scores_stride);
void ck_attention_accumulate_avx2(const float *weights, int64_t weights_stride, int64_t heads, const uint16_t *values,
                                  int64_t stride, int64_t count, int64_t dim, float *out);
void ck_f32_to_f16_avx2(const float *src, uint16_t *dst, int64_t count);
void ck_f16_to_f32_avx2(const uint16_t *src, float *dst, int64_t count);
#endif
