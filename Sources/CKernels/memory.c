// Memory for repacked weights. Decoding streams every weight once per token,
// so TLB reach matters: on 4 KiB pages a 1 GiB model is 262 144 pages, a
// page walk every 4 KiB of the stream. Large copies are therefore aligned to
// 2 MiB and offered to transparent huge pages (MADV_HUGEPAGE; a no-op where
// THP is off), which cover the stream with 512 pages.
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "ckernels.h"

#define HUGE_PAGE ((size_t)2 << 20)

void *ck_weights_alloc(int64_t bytes) {
    if (bytes <= 0) return NULL;
    size_t size = (size_t)bytes, alignment = size >= HUGE_PAGE ? HUGE_PAGE : 64;
    size = (size + alignment - 1) / alignment * alignment;
    void *p = NULL;
    if (posix_memalign(&p, alignment, size) != 0) return NULL;
#ifdef MADV_HUGEPAGE
    if (alignment == HUGE_PAGE) madvise(p, size, MADV_HUGEPAGE);
#endif
    return p;
}

void ck_weights_free(void *p) { free(p); }
