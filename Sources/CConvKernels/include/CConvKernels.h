#ifndef CCONVKERNELS_H
#define CCONVKERNELS_H

/// The instruction sets the kernel is compiled for, from the one every CPU runs to the widest.
typedef enum {
    convviz_portable = 0,
    convviz_avx2 = 1,
    convviz_avx512 = 2,
} convviz_level;

/// The widest level this CPU runs (`convviz_portable` on anything but x86-64).
convviz_level convviz_best_level(void);

/// A kernel as the sliding window uses it (already flipped for a convolution), with its geometry.
typedef struct {
    /// `rows × cols` weights, row-major.
    const double *weights;
    long rows, cols;
    long stride_rows, stride_cols;
    long dilation_rows, dilation_cols;
    /// Added to every finished sum when it is not zero.
    double bias;
} convviz_kernel;

/// `m` rows of a cross-correlation, `n` cells each:
///
///     y_i[c] = Σ_a Σ_b rows[i·sy + a·dy][c·sx + b·dx] · k(a,b)  (+ bias),  i in 0..<m, c in 0..<n
///
/// where `rows` holds the `(m−1)·sy + (k.rows−1)·dy + 1` input rows the output rows read, in
/// order, and output row `i` starts at `y + i·y_stride`. Every cell starts from 0 and adds its
/// products in window order (a, then b, ascending), each product rounded before it is added: the
/// reference loops' sums exactly. `rows[t] == NULL` is a row of zero padding and is skipped, as the
/// loops skip it. `level` must not exceed `convviz_best_level()`. Returns 1 when any cell written
/// is infinite or NaN, 0 otherwise.
int convviz_correlate_rows(convviz_level level, const convviz_kernel *k, const double *const *rows,
                           long m, double *y, long y_stride, long n);

/// The index of the first of `x[0 ..< n]` that is infinite or NaN, or −1 when all are finite.
long convviz_first_nonfinite(const double *x, long n);

/// Calls `body(context, i)` for every i in 0 ..< count, on the calling thread and on a thread per
/// other core, and returns when every call has returned. The threads are made on first use and
/// then wait for work. A call made while another runs (from another thread, or from inside a
/// `body`) makes all its calls on its own thread.
void convviz_parallel_for(long count, void (*body)(void *context, long i), void *context);

#endif
