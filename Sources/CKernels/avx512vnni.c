// The packed kernel on AVX-512 with VNNI: 16 rows per zmm, `vpdpbusd`
// multiplies 4 unsigned weight quants by 4 signed activation bytes per lane
// and accumulates in int32 without saturation.
#include <immintrin.h>
#include "ckernels.h"
#include "formats.h"
#include "kernels.h"

#pragma clang attribute push(__attribute__((target("avx512f,avx512bw,avx512vl,avx512vnni,f16c,fma"))), apply_to = function)

#include "avx512_ops.h"
#define ENTRY ck_matmul_packed_avx512vnni

#include "packed_kernel.inc"

#pragma clang attribute pop
