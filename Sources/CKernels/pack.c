// Repacking of quantized weights into 16-row interleaved groups (layout in
// formats.h): one 64-byte load then gives 4 quants of 16 rows, ready for a
// 16-lane integer dot with 4 broadcast activation bytes, and each lane ends
// a block holding its row's whole block sum — no horizontal reductions.
#include "ckernels.h"
#include "formats.h"

int64_t ck_packed_bytes(uint32_t type, int64_t rows, int64_t columns) {
    ck_format f = ck_format_of(type);
    if (!f.known || f.act == A_F32 || rows < 0 || columns < 0 || columns % f.qk != 0) return 0;
    int64_t groups = (rows + CK_PACK_ROWS - 1) / CK_PACK_ROWS;
    return groups * ck_pack_group_bytes(f, columns / f.qk);
}

void ck_pack(uint32_t type, const void *src, int64_t rows, int64_t columns,
             int64_t group_begin, int64_t group_end, void *dst) {
    ck_format f = ck_format_of(type);
    int64_t nb = columns / f.qk, row_bytes = nb * f.block_bytes, group_bytes = ck_pack_group_bytes(f, nb);
    int wbytes = ck_pack_wbytes(f), mbytes = ck_pack_mbytes(f), nsub = f.qk / f.sub;
    ck_unpacked w;
    for (int64_t g = group_begin; g < group_end; g++) {
        uint8_t *group = (uint8_t *)dst + g * group_bytes;
        memset(group, 0, (size_t)group_bytes);
        for (int r = 0; r < CK_PACK_ROWS; r++) {
            int64_t row = g * CK_PACK_ROWS + r;
            if (row >= rows) break;
            for (int64_t b = 0; b < nb; b++) {
                ck_unpack(type, (const uint8_t *)src + row * row_bytes + b * f.block_bytes, &w);
                uint8_t *q = group + b * wbytes, *meta = group + nb * wbytes + b * mbytes;
                for (int k = 0; k < f.qk / 32; k++) {
                    const uint8_t *u = w.u + 32 * k;
                    if (f.nibbles) {
                        uint8_t *chunk = q + 256 * k;
                        for (int c = 0; c < 4; c++)
                            for (int i = 0; i < 4; i++)
                                chunk[64 * c + 4 * r + i] = (uint8_t)(u[4 * c + i] | u[16 + 4 * c + i] << 4);
                    } else {
                        uint8_t *chunk = q + 512 * k;
                        for (int c = 0; c < 8; c++)
                            for (int i = 0; i < 4; i++) chunk[64 * c + 4 * r + i] = u[4 * c + i];
                    }
                }
                if (f.scales) {
                    for (int j = 0; j < nsub; j++) meta[16 * j + r] = (uint8_t)w.sc[j];
                    meta += 16 * nsub;
                }
                if (f.kmins) {
                    for (int j = 0; j < nsub; j++) meta[16 * j + r] = (uint8_t)w.mn[j];
                    meta += 16 * nsub;
                }
                memcpy(meta + 2 * r, &w.d, 2);
                if (f.m) memcpy(meta + 32 + 2 * r, &w.m, 2);
            }
        }
    }
}
