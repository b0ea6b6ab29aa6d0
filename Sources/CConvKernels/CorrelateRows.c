#include "CConvKernels.h"

// Each product is rounded before it is added, as in the Swift reference loops: `acc += x * w`
// must never become a fused multiply-add, even in the functions compiled for CPUs that have one
// (AVX-512F implies FMA). Contraction is the only licence C gives the compiler to change the
// rounding here; reassociation would need -ffast-math, which this target does not use.
#pragma STDC FP_CONTRACT OFF

// Eight doubles: one AVX-512 register, two AVX2 registers or four SSE2/NEON ones, depending on
// the function the code is inlined into. `vec_at` reads or writes eight doubles at any address.
typedef double v8d __attribute__((vector_size(64)));
typedef double v8d_unaligned __attribute__((vector_size(64), aligned(8), may_alias));
#define vec_at(p) (*(v8d_unaligned *)(p))

#define always_inline static inline __attribute__((always_inline))

/// `for (int i = 0; i < n; i++)` over a constant `n`, unrolled: the accumulators it indexes are
/// then registers, not memory.
#define unrolled(i, n) _Pragma("clang loop unroll(full)") for (int i = 0; i < (n); i++)

/// Cells `c ..< c + 8·V` of output rows `0 ..< g` (g ≤ R), stride 1. Each input row is loaded once
/// and multiplied into every output row whose window covers it; input rows are visited in order,
/// so each output cell still receives its taps in window order. R and V are constants after
/// inlining: the R·V accumulators stay in registers, and vector lanes are different output cells,
/// never terms of one sum. Adds `x − x` of every cell written to `check`: 0 for a finite x, NaN
/// otherwise, and a NaN stays through the sum. (The kernel's fields are passed as values: read
/// through `k`, they would be read again after every store to `y`, which may alias them.)
always_inline void block(const double *weights, long kr, long kc, long sy, long dy, long dx, double bias,
                         const double *const *rows, long g, double *y, long y_stride, long c, v8d *check,
                         const int R, const int V) {
    const long t_end = (g - 1) * sy + (kr - 1) * dy + 1;
    v8d acc[4][8] = {{0}};  // R ≤ 4, V ≤ 8
    // Output row j's window reaches input row `next[j] = j·sy + a[j]·dy` with its kernel row a[j].
    long a[4], next[4];
    unrolled(j, R) {
        a[j] = 0;
        next[j] = j * sy;
    }
    for (long t = 0; t < t_end; t++) {
        // The kernel row each output row multiplies input row t with (NULL: its window skips t).
        const double *w[4];
        unrolled(j, R) {
            w[j] = 0;
            if (j < g && t == next[j] && a[j] < kr) {
                w[j] = weights + a[j] * kc;
                a[j] += 1;
                next[j] += dy;
            }
        }
        if (!rows[t]) continue;
        const double *x = rows[t] + c;
        for (long b = 0; b < kc; b++, x += dx) {
            v8d xv[8];
            unrolled(v, V) xv[v] = vec_at(x + 8 * v);
            unrolled(j, R) {
                if (!w[j]) continue;
                double wb = w[j][b];
                unrolled(v, V) acc[j][v] += xv[v] * wb;
            }
        }
    }
    unrolled(j, R) {
        if (j >= g) continue;
        unrolled(v, V) {
            if (bias != 0) acc[j][v] += bias;
            vec_at(y + j * y_stride + c + 8 * v) = acc[j][v];
            *check += acc[j][v] - acc[j][v];
        }
    }
}

/// Cell `c` of output row `i`, alone: the row's last cells that do not fill a vector, and every
/// cell when the stride along columns is more than 1 (the loads would not be contiguous).
always_inline double cell(const convviz_kernel *k, const double *const *rows, long i, long c) {
    double acc = 0;
    for (long a = 0; a < k->rows; a++) {
        const double *x = rows[i * k->stride_rows + a * k->dilation_rows];
        if (!x) continue;
        const double *w = k->weights + a * k->cols;
        for (long b = 0; b < k->cols; b++) acc += x[c * k->stride_cols + b * k->dilation_cols] * w[b];
    }
    if (k->bias != 0) acc += k->bias;
    return acc;
}

/// Stride 1 along columns: groups of R output rows, blocks of 8·V cells, then single vectors,
/// then single cells. Returns whether any cell is infinite or NaN.
always_inline int rows_unit_stride(const convviz_kernel *k, const double *const *rows, long m,
                                   double *y, long y_stride, long n, const int R, const int V) {
    const double *weights = k->weights;
    const double bias = k->bias;
    const long kr = k->rows, kc = k->cols, sy = k->stride_rows, dy = k->dilation_rows, dx = k->dilation_cols;
    v8d check = {0};
    double cell_check = 0;
    for (long i = 0; i < m; i += R) {
        const long g = m - i < R ? m - i : R;
        const double *const *group = rows + i * sy;
        double *yg = y + i * y_stride;
        long c = 0;
        for (; c + 8 * V <= n; c += 8 * V) block(weights, kr, kc, sy, dy, dx, bias, group, g, yg, y_stride, c, &check, R, V);
        for (; c + 8 <= n; c += 8) block(weights, kr, kc, sy, dy, dx, bias, group, g, yg, y_stride, c, &check, R, 1);
        for (; c < n; c++) {
            for (long j = 0; j < g; j++) {
                double s = cell(k, group, j, c);
                yg[j * y_stride + c] = s;
                cell_check += s - s;
            }
        }
    }
    unrolled(l, 8) cell_check += check[l];
    return cell_check != 0;
}

// One copy per instruction set, each with as many accumulators as its registers hold (R and V
// as measured fastest on a Zen 4: 2 × 8 with 32 registers of 8 doubles, 2 × 2 with 16 of 4,
// 1 × 2 with 16 of 2): the compiler picks registers and instructions for each, and the CPU's own
// level is chosen at run time.

static int rows_portable(const convviz_kernel *k, const double *const *rows, long m, double *y, long ys, long n) {
    return rows_unit_stride(k, rows, m, y, ys, n, 1, 2);
}

#if defined(__x86_64__)
__attribute__((target("avx2")))
static int rows_avx2(const convviz_kernel *k, const double *const *rows, long m, double *y, long ys, long n) {
    return rows_unit_stride(k, rows, m, y, ys, n, 2, 2);
}

__attribute__((target("avx512f")))
static int rows_avx512(const convviz_kernel *k, const double *const *rows, long m, double *y, long ys, long n) {
    return rows_unit_stride(k, rows, m, y, ys, n, 2, 8);
}
#endif

long convviz_first_nonfinite(const double *x, long n) {
    // Blocks without a branch per value (the compiler vectorises the test), then the first bad
    // value of the block that has one.
    long i = 0;
    for (; i + 256 <= n; i += 256) {
        int bad = 0;
        for (long j = i; j < i + 256; j++) bad |= !__builtin_isfinite(x[j]);
        if (bad) break;
    }
    for (; i < n; i++) {
        if (!__builtin_isfinite(x[i])) return i;
    }
    return -1;
}

convviz_level convviz_best_level(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) return convviz_avx512;
    if (__builtin_cpu_supports("avx2")) return convviz_avx2;
#endif
    return convviz_portable;
}

int convviz_correlate_rows(convviz_level level, const convviz_kernel *k, const double *const *rows,
                           long m, double *y, long y_stride, long n) {
    if (k->stride_cols != 1) {
        double check = 0;
        for (long i = 0; i < m; i++) {
            for (long c = 0; c < n; c++) {
                double s = cell(k, rows, i, c);
                y[i * y_stride + c] = s;
                check += s - s;
            }
        }
        return check != 0;
    }
    switch (level) {
#if defined(__x86_64__)
    case convviz_avx512: return rows_avx512(k, rows, m, y, y_stride, n);
    case convviz_avx2: return rows_avx2(k, rows, m, y, y_stride, n);
#endif
    default: return rows_portable(k, rows, m, y, y_stride, n);
    }
}
