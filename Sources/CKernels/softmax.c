// Softmax: the dispatch point and the portable reference.
#include <math.h>
#include "include/ck_vector.h"
#include "vector_internal.h"

void ck_softmax_portable(float *x, int64_t count) {
    float maximum = -INFINITY, sum = 0;
    for (int64_t i = 0; i < count; i++) maximum = x[i] > maximum ? x[i] : maximum;
    for (int64_t i = 0; i < count; i++) {
        x[i] = expf(x[i] - maximum);
        sum += x[i];
    }
    float inverse = 1 / sum;
    for (int64_t i = 0; i < count; i++) x[i] *= inverse;
}

void ck_softmax(ck_isa isa, float *x, int64_t count) {
    if (isa >= CK_ISA_AVX2 && ck_isa_supported(CK_ISA_AVX2)) ck_softmax_avx2(x, count);
    else ck_softmax_portable(x, count);
}
