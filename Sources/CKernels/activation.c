// Gated activations of the feed-forward block: the dispatch point and the
// portable reference.
#include <math.h>
#include "include/ck_vector.h"
#include "vector_internal.h"

void ck_silu_gated_portable(float *gate, const float *up, int64_t count) {
    for (int64_t i = 0; i < count; i++) gate[i] = gate[i] / (1 + expf(-gate[i])) * up[i];
}

void ck_silu_gated(ck_isa isa, float *gate, const float *up, int64_t count) {
    if (isa >= CK_ISA_AVX2 && ck_isa_supported(CK_ISA_AVX2)) ck_silu_gated_avx2(gate, up, count);
    else ck_silu_gated_portable(gate, up, count);
}
