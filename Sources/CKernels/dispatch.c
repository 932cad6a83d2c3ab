#include "ckernels.h"

ck_isa ck_detect_isa(void) {
    return CK_ISA_PORTABLE;
}
