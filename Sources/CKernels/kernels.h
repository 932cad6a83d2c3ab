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
/// AMX for whole 16s of tokens of prompts (64 tokens or more) on Q2_K/Q4_K/Q5_K, the AVX-512 VNNI kernel for the rest.
void ck_matmul_packed_amx(uint32_t type, const void *packed, int64_t columns, int64_t row_begin, int64_t row_end,
                          const void *acts, int64_t act_stride, int64_t tokens, float *y, int64_t y_stride);

/// Float weights (F32, F16, BF16) as stored, rows [row_begin, row_end), float activations.
void ck_matmul_float_avx2(uint32_t type, const void *weights, int64_t columns, int64_t row_begin, int64_t row_end,
                          const void *acts, int64_t act_stride, int64_t tokens, float *y, int64_t y_stride);

#endif
