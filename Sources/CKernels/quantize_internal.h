// The hot loops of activation quantization, one set per instruction set;
// quantize.c writes the block layout once around whichever set is chosen.
#ifndef APIARY_QUANTIZE_INTERNAL_H
#define APIARY_QUANTIZE_INTERNAL_H

#include <stdint.h>

typedef struct {
    /// max |x[j]| over j < n (NaNs ignored, as `fabsf(x) > largest` does).
    float (*max_abs)(const float *x, int n);
    /// q[j] = clamp(roundf(x[j]·inverse)) (ties away from zero; NaN → 0); returns Σq.
    int (*round_away)(const float *x, float inverse, int8_t *q, int n);
    /// q[j] = clamp(nearbyintf(scale·x[j])) (ties to even; NaN → 0).
    void (*round_even)(const float *x, float scale, int8_t *q, int n);
} ck_quantize_loops;

extern const ck_quantize_loops ck_quantize_loops_portable;
extern const ck_quantize_loops ck_quantize_loops_avx2;

/// Quantizes with the given loops (see `ck_quantize` for the layout).
void ck_quantize_using(const ck_quantize_loops *loops, uint32_t type, const float *x, int64_t columns, void *dst);

#endif
