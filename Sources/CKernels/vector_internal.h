// Vector operations of each instruction set, behind the dispatch in softmax.c.
#ifndef APIARY_VECTOR_INTERNAL_H
#define APIARY_VECTOR_INTERNAL_H
#include <stdint.h>

void ck_softmax_portable(float *x, int64_t count);
void ck_softmax_avx2(float *x, int64_t count);
#endif
