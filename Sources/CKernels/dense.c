// The float32 dense layer: the dispatch point and the portable reference.
#include "include/ck_vector.h"
#include "formats.h"
#include "kernels.h"
#include "vector_internal.h"

void ck_dense_f32_portable(const float *w, const float *bias, int64_t inputs, int64_t row_begin, int64_t row_end,
                           const float *x, int64_t tokens, float *y, int64_t y_stride) {
    for (int64_t t = 0; t < tokens; t++)
        for (int64_t r = row_begin; r < row_end; r++) {
            float sum = 0;
            for (int64_t i = 0; i < inputs; i++) sum += x[t * inputs + i] * w[r * inputs + i];
            y[t * y_stride + r] = sum + bias[r];
        }
}

void ck_dense_f32(ck_isa isa, const float *w, const float *bias, int64_t inputs, int64_t row_begin, int64_t row_end,
                  const float *x, int64_t tokens, float *y, int64_t y_stride) {
    if (isa >= CK_ISA_AVX2 && ck_isa_supported(CK_ISA_AVX2)) {
        // The float-weight matmul kernel (float_avx2.c), then the bias: the same `sum + bias` as the reference.
        ck_matmul_float_avx2(T_F32, w, inputs, row_begin, row_end, x, inputs * 4, tokens, y + row_begin, y_stride);
        for (int64_t t = 0; t < tokens; t++)
            for (int64_t r = row_begin; r < row_end; r++) y[t * y_stride + r] += bias[r];
    } else {
        ck_dense_f32_portable(w, bias, inputs, row_begin, row_end, x, tokens, y, y_stride);
    }
}
