// Hot SIMD kernels with runtime CPU dispatch and a portable fallback.
#ifndef APIARY_CKERNELS_H
#define APIARY_CKERNELS_H

/// Instruction sets the kernels can use, best last.
typedef enum {
    CK_ISA_PORTABLE = 0,
} ck_isa;

/// The best instruction set this CPU supports.
ck_isa ck_detect_isa(void);

#endif
