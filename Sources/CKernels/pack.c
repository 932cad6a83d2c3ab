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

void ck_pack(ck_isa isa, uint32_t type, const void *src, int64_t rows, int64_t columns,
             int64_t group_begin, int64_t group_end, void *dst) {
    ck_format f = ck_format_of(type);
    const int layout = ck_highbit_layout(isa);
    int byte, bit;
    int64_t nb = columns / f.qk, row_bytes = nb * f.block_bytes, group_bytes = ck_pack_group_bytes(f, nb);
    int wbytes = ck_pack_wbytes(f), kbytes = ck_pack_kbytes(f), mbytes = ck_pack_mbytes(f), nsub = f.qk / f.sub;
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
                        uint8_t *chunk = q + kbytes * k, *planes = chunk + 256;
                        for (int c = 0; c < 4; c++)
                            for (int i = 0; i < 4; i++) {
                                int j = 4 * r + i;
                                uint8_t low = u[4 * c + i], high = u[16 + 4 * c + i];
                                chunk[64 * c + j] = (uint8_t)((low & 15) | (high & 15) << 4);
                                for (int p = 0; p < f.highbits; p++) {
                                    ck_highbit_at(layout, f.highbits, c, p, j, &byte, &bit);
                                    planes[byte] |= (uint8_t)((low >> (4 + p) & 1) << bit);
                                    ck_highbit_at(layout, f.highbits, 4 + c, p, j, &byte, &bit);
                                    planes[byte] |= (uint8_t)((high >> (4 + p) & 1) << bit);
                                }
                            }
                    } else if (f.crumbs) {
                        uint8_t *vectors = q + kbytes * k, *planes = vectors + 128;
                        for (int c = 0; c < 8; c++)
                            for (int i = 0; i < 4; i++) {
                                int j = 4 * r + i;
                                uint8_t value = u[4 * c + i];
                                vectors[64 * (c / 4) + j] |= (uint8_t)((value & 3) << (2 * (c % 4)));
                                for (int p = 0; p < f.highbits; p++) {
                                    ck_highbit_at(layout, f.highbits, c, p, j, &byte, &bit);
                                    planes[byte] |= (uint8_t)((value >> (2 + p) & 1) << bit);
                                }
                            }
                    } else {
                        uint8_t *chunk = q + kbytes * k;
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

void ck_packed_row(ck_isa isa, uint32_t type, const void *packed, int64_t columns, int64_t row, float *out) {
    ck_format f = ck_format_of(type);
    const int layout = ck_highbit_layout(isa);
    int byte, bit;
    int64_t nb = columns / f.qk;
    int wbytes = ck_pack_wbytes(f), kbytes = ck_pack_kbytes(f), mbytes = ck_pack_mbytes(f), nsub = f.qk / f.sub;
    int r = (int)(row % CK_PACK_ROWS);
    const uint8_t *group = (const uint8_t *)packed + row / CK_PACK_ROWS * ck_pack_group_bytes(f, nb);
    for (int64_t b = 0; b < nb; b++) {
        const uint8_t *q = group + b * wbytes, *meta = group + nb * wbytes + b * mbytes;
        const int8_t *sc = (const int8_t *)meta, *mn = sc + (f.scales ? 16 * nsub : 0);
        const uint8_t *halves = meta + (f.scales ? 16 * nsub : 0) + (f.kmins ? 16 * nsub : 0);
        float d = ck_half_to_float(ck_u16(halves + 2 * r)), m = f.m ? ck_half_to_float(ck_u16(halves + 32 + 2 * r)) : 0;
        float *y = out + b * f.qk;
        for (int e = 0; e < f.qk; e++) {
            // Element e of the block: which 32, which chunk of 4, which byte (see ck_pack).
            int k = e / 32, i = e % 32, u;
            if (f.nibbles) {
                const uint8_t *chunk = q + kbytes * k;
                int high = i >= 16, c = (i % 16) / 4, j = 4 * r + i % 4;
                u = high ? chunk[64 * c + j] >> 4 : chunk[64 * c + j] & 15;
                for (int p = 0; p < f.highbits; p++) {
                    ck_highbit_at(layout, f.highbits, 4 * high + c, p, j, &byte, &bit);
                    u |= (chunk[256 + byte] >> bit & 1) << (4 + p);
                }
            } else if (f.crumbs) {
                const uint8_t *vectors = q + kbytes * k;
                int c = i / 4, j = 4 * r + i % 4;
                u = vectors[64 * (c / 4) + j] >> (2 * (c % 4)) & 3;
                for (int p = 0; p < f.highbits; p++) {
                    ck_highbit_at(layout, f.highbits, c, p, j, &byte, &bit);
                    u |= (vectors[128 + byte] >> bit & 1) << (2 + p);
                }
            } else {
                u = q[kbytes * k + 64 * (i / 4) + 4 * r + i % 4];
            }
            // The float operations of the Swift reference dequantizers, in their order.
            if (!f.scales) {
                y[e] = f.m ? d * (float)u + m : d * (float)(u - f.offset);
            } else {
                int j = e / f.sub;
                float dl = d * (float)sc[16 * j + r];
                y[e] = f.kmins ? dl * (float)u - m * (float)mn[16 * j + r] : dl * (float)(u - f.offset);
            }
        }
    }
}
