// Portable attention loops over fp16 keys and values (the reference).
#include "attention_internal.h"
#include "formats.h"

void ck_attention_scores_portable(const float *q, int64_t heads, const uint16_t *keys, int64_t stride, int64_t count,
                                  int64_t dim, float scale, float *scores, int64_t scores_stride) {
    for (int64_t h = 0; h < heads; h++)
        for (int64_t j = 0; j < count; j++) {
            const uint16_t *k = keys + j * stride;
            float sum = 0;
            for (int64_t d = 0; d < dim; d++) sum += q[h * dim + d] * ck_half_to_float(k[d]);
            scores[h * scores_stride + j] = sum * scale;
        }
}

void ck_attention_accumulate_portable(const float *weights, int64_t weights_stride, int64_t heads, const uint16_t *values,
                                      int64_t stride, int64_t count, int64_t dim, float *out) {
    for (int64_t h = 0; h < heads; h++)
        for (int64_t j = 0; j < count; j++) {
            const uint16_t *v = values + j * stride;
            for (int64_t d = 0; d < dim; d++) out[h * dim + d] += weights[h * weights_stride + j] * ck_half_to_float(v[d]);
        }
}
