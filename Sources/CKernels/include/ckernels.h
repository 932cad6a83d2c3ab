// Hot SIMD kernels with runtime CPU dispatch and a portable fallback.
//
// Weight types are GGML type ids (as `TensorType` raw values). For the
// quantized types every kernel computes, for each (row, token), exactly the
// float operations of the Swift scalar reference `QuantizedDot.dot` in the
// same order: integer block sums are exact, block scales are applied per
// block and block results summed left to right. So every path gives
// bit-identical results. Float weights (F32, F16, BF16) on the SIMD sets
// are summed in vector lanes: the reference's value up to summation-order
// rounding. On every path a token's result never depends on which other
// tokens share the call.
#ifndef APIARY_CKERNELS_H
#define APIARY_CKERNELS_H

#include <stddef.h>
#include <stdint.h>

/// Instruction sets the kernels can use, best last.
typedef enum {
    CK_ISA_PORTABLE = 0,
    CK_ISA_AVX2 = 1,
    CK_ISA_AVX512VNNI = 2,
    CK_ISA_AMX = 3,  // AVX-512 VNNI plus AMX tiles for prompts
} ck_isa;

/// The best instruction set this CPU supports.
ck_isa ck_detect_isa(void);

/// The instruction set to use: `APIARY_ISA` (portable|avx2|avx512vnni|amx) when
/// set and supported by this CPU, else the detected one. Read once.
ck_isa ck_active_isa(void);

/// Whether this CPU can run `isa`.
int ck_isa_supported(ck_isa isa);

/// Rows per interleaved group of a packed weight matrix.
#define CK_PACK_ROWS 16

/// Whether `type` is a known GGML type id these kernels handle.
int ck_type_supported(uint32_t type);

/// Bytes one token's activations take after `ck_quantize` for a weight of
/// `type` with `columns` columns (a multiple of 64): the activation blocks
/// in the reference format (byte-identical to `QuantizedDot.quantize`),
/// then per-block side data the SIMD kernels use. 0 if `columns` is not a
/// whole number of blocks.
int64_t ck_activation_stride(uint32_t type, int64_t columns);

/// Quantizes one token's `columns` activations for a weight of `type` into
/// `dst` (`ck_activation_stride` bytes).
/// Uses the active instruction set; every set writes the same bytes.
void ck_quantize(uint32_t type, const float *x, int64_t columns, void *dst);

/// `ck_quantize` on a given instruction set (which must be supported).
void ck_quantize_isa(ck_isa isa, uint32_t type, const float *x, int64_t columns, void *dst);

/// Bytes of the interleaved copy of a (rows × columns) matrix of `type`, or 0
/// when `type` has no packed layout (the float types).
int64_t ck_packed_bytes(uint32_t type, int64_t rows, int64_t columns);

/// Repacks rows [group_begin·16, group_end·16) (clipped to `rows`; missing
/// rows of the last group are zero) of the matrix `src` into `dst`, which
/// holds `ck_packed_bytes` bytes, 64-byte aligned. Groups are independent,
/// so callers may pack ranges of groups on several threads. The high bits
/// are laid out for `isa`'s kernel (formats.h), so a copy serves that set.
void ck_pack(ck_isa isa, uint32_t type, const void *src, int64_t rows, int64_t columns,
             int64_t group_begin, int64_t group_end, void *dst);

/// Dequantizes row `row` of a `ck_pack`ed (rows × columns) matrix into
/// `out` (`columns` floats), with the float operations of the reference
/// dequantizers: the same values as dequantizing the row as stored.
/// `isa` is the one the copy was packed for.
void ck_packed_row(ck_isa isa, uint32_t type, const void *packed, int64_t columns, int64_t row, float *out);

/// y[t·y_stride + (r − row_begin)] = row r · activations of token t, for
/// r in [row_begin, row_end) and t in [0, tokens). `weights` is the matrix
/// as stored (rows back to back); `packed` its `ck_pack`ed copy or NULL.
/// `acts` holds `tokens` quantized rows `act_stride` bytes apart.
/// The portable path, and any type without a packed copy, read `weights`.
void ck_matmul(ck_isa isa, uint32_t type, const void *weights, const void *packed,
               int64_t rows, int64_t columns, int64_t row_begin, int64_t row_end,
               const void *acts, int64_t act_stride, int64_t tokens,
               float *y, int64_t y_stride);

/// `bytes` of 64-byte-aligned memory for a packed weight copy (NULL when
/// `bytes` ≤ 0 or memory is short); copies of 2 MiB or more are their own
/// mapping, offered to huge pages. Release with `ck_weights_free(p, bytes)`.
void *ck_weights_alloc(int64_t bytes);
void ck_weights_free(void *p, int64_t bytes);

/// A spin-wait hint (`pause` on x86) for threads polling shared state.
static inline void ck_cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
}

#endif
