// Small vector operations of the forward pass that are hot enough to need SIMD.
#ifndef APIARY_CK_VECTOR_H
#define APIARY_CK_VECTOR_H

#include <stdint.h>
#include "ckernels.h"

/// In place: x[i] = exp(x[i] − max x) / Σ_j exp(x[j] − max x) for i < count.
/// The portable path uses libm's expf; the AVX2 path a polynomial exp within
/// 2 ulp of it (elements below e^-87 relative to the largest become 0).
void ck_softmax(ck_isa isa, float *x, int64_t count);

/// In place: gate[i] = silu(gate[i])·up[i] = gate[i]/(1 + e^−gate[i])·up[i]
/// for i < count (SwiGLU). The portable path uses libm's expf; the AVX2 path
/// the polynomial exp of softmax, within a few ulp of it.
void ck_silu_gated(ck_isa isa, float *gate, const float *up, int64_t count);

/// Float32 dense layer, rows [row_begin, row_end): y[t·y_stride + r] =
/// bias[r] + Σ_i x[t·inputs + i]·w[r·inputs + i] for t < tokens — w is
/// (rows, inputs) row-major, x (tokens, inputs). The encoder's matmul.
void ck_dense_f32(ck_isa isa, const float *w, const float *bias, int64_t inputs, int64_t row_begin, int64_t row_end,
                  const float *x, int64_t tokens, float *y, int64_t y_stride);

#endif
