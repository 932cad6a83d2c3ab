// Attention over an fp16 KV cache: the two loops of one query head.
#ifndef APIARY_CK_ATTENTION_H
#define APIARY_CK_ATTENTION_H

#include <stdint.h>

/// scores[j] = scale · (q · keys[j·stride ..< j·stride + dim]) for j in 0..<count.
/// `keys` are fp16 bit patterns; `q` has `dim` floats.
void ck_attention_scores_f16(const float *q, const uint16_t *keys, int64_t stride, int64_t count,
                             int64_t dim, float scale, float *scores);

/// out[d] += Σ_j weights[j] · values[j·stride + d] for d in 0..<dim.
void ck_attention_accumulate_f16(const float *weights, const uint16_t *values, int64_t stride,
                                 int64_t count, int64_t dim, float *out);

/// dst[i] = fp16(src[i]) rounded to nearest even (bit patterns).
void ck_f32_to_f16(const float *src, uint16_t *dst, int64_t count);

/// dst[i] = float(src[i]) for fp16 bit patterns.
void ck_f16_to_f32(const uint16_t *src, float *dst, int64_t count);

#endif
