// Vector operations of each instruction set, behind the dispatch in softmax.c, activation.c and dense.c.
#ifndef APIARY_VECTOR_INTERNAL_H
#define APIARY_VECTOR_INTERNAL_H
#include <stdint.h>

void ck_softmax_portable(float *x, int64_t count);
void ck_softmax_avx2(float *x, int64_t count);
void ck_silu_gated_portable(float *gate, const float *up, int64_t count);
void ck_silu_gated_avx2(float *gate, const float *up, int64_t count);
void ck_dense_f32_portable(const float *w, const float *bias, int64_t inputs, int64_t row_begin, int64_t row_end,
                           const float *x, int64_t tokens, float *y, int64_t y_stride);
#endif
