// The packed kernel's prompt path on AMX (Sapphire Rapids and later), for the
// K-quants whose sub-block scales are small and unsigned (Q2_K, Q4_K, Q5_K).
//
// The weights of a group of 16 rows are unpacked once per token chunk to
// bytes premultiplied by their sub-block scales: u·sc fits a byte when sc is
// split into 3-bit parts (sc = lo + 8·hi; Q2_K's 4-bit scales times 2-bit
// quants fit whole). Then per 16 tokens one `tdpbsud` (signed activations ×
// unsigned weights, 16 tokens × 64 elements × 16 rows) per quarter block and
// part sums a whole block's Σ_j sc_j·Σ u·a, the integer the VNNI kernel
// builds sub-block by sub-block; AVX-512 adds the mins term and applies the
// block scales with packed_block.inc, so results are the reference's, bit for
// bit. Other types, calls of fewer than MIN_TOKENS tokens and the tokens
// after the last whole 16 go to the VNNI kernel.
#include <immintrin.h>
#include <stdlib.h>
#include "ckernels.h"
#include "formats.h"
#include "kernels.h"

#pragma clang attribute push(__attribute__((target("avx512f,avx512bw,avx512vl,avx512vnni,f16c,fma,amx-tile,amx-int8"))), apply_to = function)

#include "avx512_ops.h"
#define INLINE static inline __attribute__((always_inline))
#include "packed_block.inc"

enum {
    TOKENS = 16,        // tokens per tile (its rows)
    PART_BYTES = 4096,  // one block's 256 elements × 16 rows, as bytes
    QUARTER_BYTES = 1024,   // one tile: 16 rows × 64 bytes (64 elements of a block)
    ACTS_BYTES = 4 * QUARTER_BYTES,  // one block's activations of a tile of 16 tokens
    CHUNK_BYTES = 1 << 20,  // packed activations that stay in cache while every group passes
    // Fewer tokens go to the VNNI kernel: unpacking the weights costs more
    // than AMX saves on them (a batch's 16-row decoding steps on Qwen 1.5B:
    // 50–60 generated tok/s on AMX against 58–73 on VNNI).
    MIN_TOKENS = 64,
};

/// Scale parts of a type on this path (0: not on it).
static int scale_parts(uint32_t type) { return type == T_Q2_K ? 1 : type == T_Q4_K || type == T_Q5_K ? 2 : 0; }

/// Palette 1 tile configuration, the 64 bytes `ldtilecfg` reads.
typedef struct {
    uint8_t palette, start_row, reserved[14];
    uint16_t colsb[16];
    uint8_t rows[16];
} tile_config;

/// Eight tiles of 16 rows × 64 bytes (their use: amx_tiles).
static void configure_tiles(void) {
    tile_config c;
    memset(&c, 0, sizeof c);
    c.palette = 1;
    for (int i = 0; i < 8; i++) { c.rows[i] = 16; c.colsb[i] = 64; }
    _tile_loadconfig(&c);
}

/// u·s per byte for u·s < 256 (AVX-512 has no byte multiply): even bytes
/// from a 16-bit multiply's low byte, odd bytes from the high bytes' product.
INLINE VI mul_bytes(VI u, VI s) {
    VI even = _mm512_mullo_epi16(u, s);
    VI odd = _mm512_slli_epi16(_mm512_mullo_epi16(_mm512_srli_epi16(u, 8), _mm512_srli_epi16(s, 8)), 8);
    return _mm512_mask_blend_epi8(0xAAAAAAAAAAAAAAAAull, even, odd);
}

/// A group's quants as tile rows premultiplied by their scales: per block,
/// `parts` runs of 64 rows × 64 bytes (row 8k + c: elements 32k + 4c…+3).
static void unpack_group(ck_format f, int parts, const uint8_t *group, int64_t nb, uint8_t *out) {
    const int wbytes = ck_pack_wbytes(f), kbytes = ck_pack_kbytes(f), mbytes = ck_pack_mbytes(f);
    const uint8_t *metas = group + nb * wbytes;
    for (int64_t b = 0; b < nb; b++) {
        const uint8_t *q = group + b * wbytes, *sc = metas + b * mbytes;
        uint8_t *block = out + b * parts * PART_BYTES;
        for (int k = 0; k < 8; k++) {
            VI rows[8];
            if (f.nibbles) {
                for (int c = 0; c < 4; c++) nibble_chunk(f, q + kbytes * k, 0, c, &rows[c], &rows[4 + c]);
            } else {
                for (int c = 0; c < 8; c++) rows[c] = crumb_chunk(f, q + kbytes * k, 0, c);
            }
            for (int c = 0; c < 8; c++) {
                // The 16 rows' scales of this row's sub-block, each in its 4 bytes.
                const int j = f.sub == 32 ? k : 2 * k + c / 4;
                VI s = _mm512_mullo_epi32(_mm512_cvtepu8_epi32(_mm_loadu_si128((const __m128i *)(const void *)(sc + 16 * j))),
                                          _mm512_set1_epi32(0x01010101));
                uint8_t *row = block + (8 * k + c) * 64;
                if (parts == 1) {
                    _mm512_storeu_si512(row, mul_bytes(rows[c], s));
                } else {
                    const VI low3 = _mm512_set1_epi8(7);
                    _mm512_storeu_si512(row, mul_bytes(rows[c], _mm512_and_si512(s, low3)));
                    _mm512_storeu_si512(row + PART_BYTES, mul_bytes(rows[c], _mm512_and_si512(_mm512_srli_epi16(s, 3), low3)));
                }
            }
        }
    }
}

/// The chunk's activation quants as tiles: per 16 tokens and block, 4
/// quarters of 16 tokens × 64 bytes, contiguous (strided tile loads across
/// token rows run at a fraction of contiguous ones).
static void pack_activations(ck_format f, const uint8_t *acts, int64_t act_stride, int64_t tiles, int64_t nb, uint8_t *out) {
    const int abytes = ck_act_block_bytes(f.act), q0 = ck_act_quants(f.act);
    for (int64_t tile = 0; tile < tiles; tile++)
        for (int t = 0; t < TOKENS; t++) {
            const uint8_t *token = acts + (tile * TOKENS + t) * act_stride + q0;
            for (int64_t b = 0; b < nb; b++)
                for (int i = 0; i < 4; i++)
                    _mm512_storeu_si512(out + (tile * nb + b) * ACTS_BYTES + i * QUARTER_BYTES + 64 * t, vi_load(token + b * abytes + 64 * i));
        }
}

/// Tiles: 0–3 sums (16 tokens × 16 rows, int32) for (token tile, part)
/// (0, lo), (0, hi), (1, lo), (1, hi); 4–5 activations of the two token
/// tiles; 6–7 the weights' lo and hi parts. Each loaded tile feeds two dot
/// products (the loads, not the dot products, bound AMX here).
#define QUARTER(i)                                                     \
    do {                                                               \
        _tile_loadd(4, a0 + QUARTER_BYTES * (i), 64);                  \
        _tile_loadd(6, w + QUARTER_BYTES * (i), 64);                   \
        _tile_dpbsud(0, 4, 6);                                         \
        if (pair) {                                                    \
            _tile_loadd(5, a1 + QUARTER_BYTES * (i), 64);              \
            _tile_dpbsud(2, 5, 6);                                     \
        }                                                              \
        if (parts == 2) {                                              \
            _tile_loadd(7, w + PART_BYTES + QUARTER_BYTES * (i), 64);  \
            _tile_dpbsud(1, 4, 7);                                     \
            if (pair) _tile_dpbsud(3, 5, 7);                           \
        }                                                              \
    } while (0)

/// 16 or (pair) 32 tokens × the group's 16 rows, every block. `tiles` are
/// their packed activations, `act` their rows (for the side data).
INLINE void amx_tiles(uint32_t type, int parts, int pair, const uint8_t *weights, const uint8_t *metas, int64_t nb,
                      const uint8_t *tiles, const uint8_t *act, int64_t act_stride, int64_t side_off, float *out, int64_t out_stride) {
    const ck_format f = ck_format_of(type);
    const int mbytes = ck_pack_mbytes(f), nsub = f.qk / f.sub, abytes = ck_act_block_bytes(f.act);
    const int T = pair ? 2 * TOKENS : TOKENS;
    int32_t sums[2][2][TOKENS][16] __attribute__((aligned(64)));  // [token tile][part]
    for (int64_t b = 0; b < nb; b++) {
        const uint8_t *a0 = tiles + b * ACTS_BYTES, *a1 = a0 + nb * ACTS_BYTES, *w = weights + b * parts * PART_BYTES;
        _tile_zero(0); _tile_zero(1); _tile_zero(2); _tile_zero(3);
        QUARTER(0); QUARTER(1); QUARTER(2); QUARTER(3);
        _tile_stored(0, sums[0][0], 64);
        if (parts == 2) _tile_stored(1, sums[0][1], 64);
        if (pair) {
            _tile_stored(2, sums[1][0], 64);
            if (parts == 2) _tile_stored(3, sums[1][1], 64);
        }

        const uint8_t *meta = metas + b * mbytes, *halves = meta + 32 * nsub;
        VI pairs[8];
        block_weight_pairs(f, (const int8_t *)meta + 16 * nsub, pairs);
        VF dw = vf_half(halves), mw = vf_half(halves + 32);
        for (int t = 0; t < T; t++) {
            const uint8_t *token = act + t * act_stride;
            const float *side_d = (const float *)(token + side_off);
            const int16_t *sums32 = (const int16_t *)((const int32_t *)(side_d + nb) + 24 * nb);
            VI total = vi_load(sums[t / TOKENS][0][t % TOKENS]);
            if (parts == 2) total = vi_add(total, _mm512_slli_epi32(vi_load(sums[t / TOKENS][1][t % TOKENS]), 3));
            VI mins = block_activation_sums(f, pairs, token + b * abytes, sums32 + 8 * b);
            // The sum over blocks accumulates in `out` (from 0, as the reference's does).
            VF sum = b == 0 ? vf_zero() : _mm512_loadu_ps(out + t * out_stride);
            vf_store(out + t * out_stride, vf_add(sum, block_result(type, total, mins, dw, mw, side_d + b, nb)));
        }
    }
}

#define AMX_CASE(TYPE)                                                                                                 \
    case TYPE:                                                                                                         \
        if (pair) amx_tiles(TYPE, scale_parts(TYPE), 1, weights, metas, nb, tiles, act, act_stride, side_off, out, out_stride); \
        else amx_tiles(TYPE, scale_parts(TYPE), 0, weights, metas, nb, tiles, act, act_stride, side_off, out, out_stride);      \
        break

static void run_amx_tiles(uint32_t type, int pair, const uint8_t *weights, const uint8_t *metas, int64_t nb, const uint8_t *tiles,
                          const uint8_t *act, int64_t act_stride, int64_t side_off, float *out, int64_t out_stride) {
    switch (type) {
        AMX_CASE(T_Q2_K);
        AMX_CASE(T_Q4_K);
        AMX_CASE(T_Q5_K);
    default: break;
    }
}

void ck_matmul_packed_amx(uint32_t type, const void *packed, int64_t columns, int64_t row_begin, int64_t row_end,
                          const void *acts, int64_t act_stride, int64_t tokens, float *y, int64_t y_stride) {
    const int parts = scale_parts(type);
    const ck_format f = ck_format_of(type);
    const int64_t nb = columns / f.qk;
    // Tokens per chunk: whole pairs of tiles whose activations fit CHUNK_BYTES
    // (each group's weights are unpacked once per chunk), at most all of them.
    const int64_t tile_tokens = tokens / TOKENS * TOKENS, bytes_per_token = (nb > 0 ? nb : 1) * ACTS_BYTES / TOKENS;
    int64_t chunk_tokens = CHUNK_BYTES / bytes_per_token / (2 * TOKENS) * (2 * TOKENS);
    if (chunk_tokens < 2 * TOKENS) chunk_tokens = 2 * TOKENS;
    if (chunk_tokens > tile_tokens) chunk_tokens = tile_tokens;
    uint8_t *weights = parts && tokens >= MIN_TOKENS ? aligned_alloc(64, (size_t)(nb * parts * PART_BYTES)) : NULL;
    uint8_t *tiles = weights ? aligned_alloc(64, (size_t)(chunk_tokens * bytes_per_token)) : NULL;
    const int64_t whole = tiles ? tile_tokens : 0;
    if (tokens > whole) {
        ck_matmul_packed_avx512vnni(type, packed, columns, row_begin, row_end, (const uint8_t *)acts + whole * act_stride,
                                    act_stride, tokens - whole, y + whole * y_stride, y_stride);
    }
    if (whole) {
        configure_tiles();
        const int64_t group_bytes = ck_pack_group_bytes(f, nb), side_off = ck_side_offset(f.act, nb);
        const int64_t g0 = row_begin / CK_PACK_ROWS, g1 = (row_end + CK_PACK_ROWS - 1) / CK_PACK_ROWS;
        float scratch[2 * TOKENS * CK_PACK_ROWS];
        for (int64_t chunk = 0; chunk < whole; chunk += chunk_tokens) {
            const int64_t chunk_end = chunk + chunk_tokens < whole ? chunk + chunk_tokens : whole;
            pack_activations(f, (const uint8_t *)acts + chunk * act_stride, act_stride, (chunk_end - chunk) / TOKENS, nb, tiles);
            for (int64_t g = g0; g < g1; g++) {
                const uint8_t *group = (const uint8_t *)packed + g * group_bytes, *metas = group + nb * ck_pack_wbytes(f);
                unpack_group(f, parts, group, nb, weights);
                const int64_t r0 = g * CK_PACK_ROWS;
                const int64_t lo = r0 > row_begin ? r0 : row_begin, hi = r0 + CK_PACK_ROWS < row_end ? r0 + CK_PACK_ROWS : row_end;
                const int full = lo == r0 && hi == r0 + CK_PACK_ROWS;
                for (int64_t t0 = chunk; t0 < chunk_end; t0 += 2 * TOKENS) {
                    const int pair = t0 + 2 * TOKENS <= chunk_end, T = pair ? 2 * TOKENS : TOKENS;
                    const uint8_t *act = (const uint8_t *)acts + t0 * act_stride, *tile = tiles + (t0 - chunk) / TOKENS * nb * ACTS_BYTES;
                    if (full) {
                        run_amx_tiles(type, pair, weights, metas, nb, tile, act, act_stride, side_off,
                                      y + t0 * y_stride + (r0 - row_begin), y_stride);
                    } else {
                        // A group cut by the row range: compute all 16 rows, keep the wanted ones.
                        run_amx_tiles(type, pair, weights, metas, nb, tile, act, act_stride, side_off, scratch, CK_PACK_ROWS);
                        for (int t = 0; t < T; t++)
                            for (int64_t r = lo; r < hi; r++) y[(t0 + t) * y_stride + (r - row_begin)] = scratch[t * CK_PACK_ROWS + (r - r0)];
                    }
                }
            }
        }
        _tile_release();
    }
    free(tiles);
    free(weights);
}

#pragma clang attribute pop
