// The one place that chooses an instruction set: detected once from the
// CPU, overridable with APIARY_ISA for tests and benchmarks.
#include <cpuid.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "ckernels.h"
#include "formats.h"
#include "kernels.h"
#include "quantize_internal.h"

/// AMX tiles and int8 dot products in the CPU (CPUID 7.0 EDX bits 24, 25),
/// their state enabled by the OS (XCR0 bits 17, 18), and this process allowed
/// to use it (Linux grants tile data on request: ARCH_REQ_XCOMP_PERM).
static int amx_usable(void) {
    static int usable = -1;  // benign race: the request is idempotent
    if (usable < 0) {
        unsigned a, b, c, d;
        usable = 0;
        if (__get_cpuid_count(7, 0, &a, &b, &c, &d) && (d >> 24 & 3) == 3) {
            unsigned lo, hi;
            __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
            const long request_permission = 0x1023, tile_data = 18;
            usable = (lo >> 17 & 3) == 3 && syscall(SYS_arch_prctl, request_permission, tile_data) == 0;
        }
    }
    return usable;
}

int ck_isa_supported(ck_isa isa) {
    __builtin_cpu_init();
    switch (isa) {
    case CK_ISA_PORTABLE: return 1;
    case CK_ISA_AVX2: return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c");
    case CK_ISA_AVX512VNNI:
        return ck_isa_supported(CK_ISA_AVX2) && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw")
            && __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512vnni");
    case CK_ISA_AMX: return ck_isa_supported(CK_ISA_AVX512VNNI) && amx_usable();
    }
    return 0;
}

ck_isa ck_detect_isa(void) {
    if (ck_isa_supported(CK_ISA_AMX)) return CK_ISA_AMX;
    if (ck_isa_supported(CK_ISA_AVX512VNNI)) return CK_ISA_AVX512VNNI;
    if (ck_isa_supported(CK_ISA_AVX2)) return CK_ISA_AVX2;
    return CK_ISA_PORTABLE;
}

ck_isa ck_active_isa(void) {
    static int chosen = -1;  // benign race: every thread computes the same value
    if (chosen < 0) {
        ck_isa isa = ck_detect_isa();
        const char *forced = getenv("APIARY_ISA");
        if (forced) {
            if (strcmp(forced, "portable") == 0) isa = CK_ISA_PORTABLE;
            else if (strcmp(forced, "avx2") == 0 && ck_isa_supported(CK_ISA_AVX2)) isa = CK_ISA_AVX2;
            else if (strcmp(forced, "avx512vnni") == 0 && ck_isa_supported(CK_ISA_AVX512VNNI)) isa = CK_ISA_AVX512VNNI;
            else if (strcmp(forced, "amx") == 0 && ck_isa_supported(CK_ISA_AMX)) isa = CK_ISA_AMX;
        }
        chosen = (int)isa;
    }
    return (ck_isa)chosen;
}

int ck_type_supported(uint32_t type) { return ck_format_of(type).known; }

void ck_matmul(ck_isa isa, uint32_t type, const void *weights, const void *packed,
               int64_t rows, int64_t columns, int64_t row_begin, int64_t row_end,
               const void *acts, int64_t act_stride, int64_t tokens,
               float *y, int64_t y_stride) {
    (void)rows;
    if (packed && isa == CK_ISA_AMX && ck_isa_supported(isa)) {
        ck_matmul_packed_amx(type, packed, columns, row_begin, row_end, acts, act_stride, tokens, y, y_stride);
    } else if (packed && isa == CK_ISA_AVX512VNNI && ck_isa_supported(isa)) {
        ck_matmul_packed_avx512vnni(type, packed, columns, row_begin, row_end, acts, act_stride, tokens, y, y_stride);
    } else if (packed && isa == CK_ISA_AVX2 && ck_isa_supported(isa)) {
        ck_matmul_packed_avx2(type, packed, columns, row_begin, row_end, acts, act_stride, tokens, y, y_stride);
    } else if (ck_format_of(type).act == A_F32 && isa >= CK_ISA_AVX2 && ck_isa_supported(CK_ISA_AVX2)) {
        ck_matmul_float_avx2(type, weights, columns, row_begin, row_end, acts, act_stride, tokens, y, y_stride);
    } else {
        ck_matmul_portable(type, weights, columns, row_begin, row_end, acts, act_stride, tokens, y, y_stride);
    }
}

void ck_quantize_isa(ck_isa isa, uint32_t type, const float *x, int64_t columns, void *dst) {
    const ck_quantize_loops *loops = isa >= CK_ISA_AVX2 && ck_isa_supported(CK_ISA_AVX2)
        ? &ck_quantize_loops_avx2 : &ck_quantize_loops_portable;
    ck_quantize_using(loops, type, x, columns, dst);
}

void ck_quantize(uint32_t type, const float *x, int64_t columns, void *dst) {
    ck_quantize_isa(ck_active_isa(), type, x, columns, dst);
}
