// Memory for repacked weights. Decoding streams every weight once per token,
// so TLB reach matters: on 4 KiB pages a 1 GiB model is 262 144 pages, a
// page walk every 4 KiB of the stream. Large copies therefore get their own
// anonymous mapping offered to transparent huge pages (MADV_HUGEPAGE; a no-op
// where THP is off). The mapping is not padded to 2 MiB: only the whole huge
// pages inside it are backed so, and its tail stays on small pages, so
// resident memory is what the weights need.
#define _GNU_SOURCE
#include <stdlib.h>
#include <sys/mman.h>
#include "ckernels.h"

#define HUGE_PAGE ((size_t)2 << 20)
#define SMALL_PAGE ((size_t)4096)

static size_t mapped_size(int64_t bytes) {
    return ((size_t)bytes + SMALL_PAGE - 1) / SMALL_PAGE * SMALL_PAGE;
}

void *ck_weights_alloc(int64_t bytes) {
    if (bytes <= 0) return NULL;
    if ((size_t)bytes < HUGE_PAGE) {
        void *p = NULL;
        return posix_memalign(&p, 64, (size_t)bytes) == 0 ? p : NULL;
    }
    size_t size = mapped_size(bytes);
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return NULL;
#ifdef MADV_HUGEPAGE
    madvise(p, size, MADV_HUGEPAGE);
#endif
    return p;
}

void ck_weights_free(void *p, int64_t bytes) {
    if (p == NULL) return;
    if ((size_t)bytes < HUGE_PAGE) free(p);
    else munmap(p, mapped_size(bytes));
}
