// The per-instruction-set entry points that dispatch.c chooses between.
#ifndef APIARY_CKERNELS_KERNELS_H
#define APIARY_CKERNELS_KERNELS_H

#include <stdint.h>

void ck_matmul_portable(uint32_t type, const void *weights, int64_t columns, int64_t row_begin, int64_t row_end,
                        const void *acts, int64_t act_stride, int64_t tokens, float *y, int64_t y_stride);

/// Packed kernels: rows [row_begin, row_end) of a `ck_pack`ed matrix.
void ck_matmul_packed_avx2(uint32_t type, const void *packed, int64_t columns, int64_t row_begin, int64_t row_end,
                           const void *acts, int64_t act_stride, int64_t tokens, float *y, int64_t y_stride);
void ck_matmul_packed_avx512vnni(uint32_t type, const void *packed, int64_t columns, int64_t row_begin, int64_t row_end,
                                 const void *acts, int64_t act_stride, int64_t tokens, float *y, int64_t y_stride);

/// fp16 vector helpers (portable.c, avx2.c).
float ck_dot_f32_f16_portable(const float *a, const uint16_t *b, int64_t count);
void ck_add_scaled_f16_portable(float w, const uint16_t *x, float *y, int64_t count);
float ck_dot_f32_f16_avx2(const float *a, const uint16_t *b, int64_t count);
void ck_add_scaled_f16_avx2(float w, const uint16_t *x, float *y, int64_t count);

#endif
