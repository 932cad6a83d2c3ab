// Attention over an fp16 KV cache: the two loops of the query heads that
// share one key/value head (grouped-query attention), each key and value
// row converted once for all of them.
#ifndef APIARY_CK_ATTENTION_H
#define APIARY_CK_ATTENTION_H

#include <stdint.h>
#include "ckernels.h"

/// scores[h·scores_stride + j] = scale · (q[h·dim ..< h·dim + dim] · keys[j·stride ..< j·stride + dim])
/// for h < heads, j < count. `keys` are fp16 bit patterns; the heads' queries are contiguous.
void ck_attention_scores_f16(ck_isa isa, const float *q, int64_t heads, const uint16_t *keys, int64_t stride,
                             int64_t count, int64_t dim, float scale, float *scores, int64_t scores_stride);

/// out[h·dim + d] += Σ_j weights[h·weights_stride + j] · values[j·stride + d] for h < heads, d < dim.
void ck_attention_accumulate_f16(ck_isa isa, const float *weights, int64_t weights_stride, int64_t heads,
                                 const uint16_t *values, int64_t stride, int64_t count, int64_t dim, float *out);

/// dst[i] = fp16(src[i]) rounded to nearest even (bit patterns).
void ck_f32_to_f16(const float *src, uint16_t *dst, int64_t count);

/// dst[i] = float(src[i]) for fp16 bit patterns.
void ck_f16_to_f32(const uint16_t *src, float *dst, int64_t count);

#endif
