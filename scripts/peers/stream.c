/* Streaming memory bandwidth, STREAM-style (after John McCalpin's STREAM),
 * for scripts/compare-peers: the bound that influence's power iteration is
 * compared with.
 *
 *   gcc -O3 -march=native -fopenmp stream.c -o stream
 *   OMP_NUM_THREADS=T ./stream N REPEATS
 *
 * Three arrays of N doubles each (the caller makes each far larger than the
 * last-level cache), touched first by the threads that use them. Each
 * kernel runs REPEATS times in parallel (static schedule); the best
 * (shortest) run of each is reported as one line `KERNEL GB/s`
 * (10^9 bytes per second), counting the bytes the kernel names the way
 * STREAM counts them: every array element read or written once, and no
 * write-allocate traffic (a store that first reads its cache line moves
 * more than is counted here).
 *
 *   copy   c[i] = a[i]            16 B per element
 *   scale  b[i] = s * c[i]        16 B
 *   add    c[i] = a[i] + b[i]     24 B
 *   triad  a[i] = b[i] + s * c[i] 24 B
 *   read   t += a[i] + b[i] + c[i] 24 B (read only; `omp simd`, so the
 *                                  additions may be reordered)
 *
 * A last line `threads T` says how many threads ran, and `check X` prints
 * a checksum so that no kernel can be optimized away.
 */
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

enum { KERNELS = 5 };
static const char *NAMES[KERNELS] = {"copy", "scale", "add", "triad", "read"};
static const double BYTES[KERNELS] = {16, 16, 24, 24, 24};

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: %s N REPEATS\n", argv[0]);
        return 2;
    }
    long n = atol(argv[1]);
    int repeats = atoi(argv[2]);
    if (n < 1 || repeats < 1) {
        fprintf(stderr, "N and REPEATS must be positive\n");
        return 2;
    }
    double *a = malloc(n * sizeof(double));
    double *b = malloc(n * sizeof(double));
    double *c = malloc(n * sizeof(double));
    if (!a || !b || !c) {
        fprintf(stderr, "cannot allocate 3 x %ld doubles\n", n);
        return 1;
    }
    /* First touch: each thread's pages are placed near it. */
#pragma omp parallel for schedule(static)
    for (long i = 0; i < n; i++) {
        a[i] = 1.0;
        b[i] = 2.0;
        c[i] = 0.0;
    }
    double best[KERNELS];
    for (int k = 0; k < KERNELS; k++) best[k] = 1e300;
    const double s = 3.0;
    double total = 0.0;
    for (int r = 0; r < repeats; r++) {
        double t;

        t = omp_get_wtime();
#pragma omp parallel for schedule(static)
        for (long i = 0; i < n; i++) c[i] = a[i];
        t = omp_get_wtime() - t;
        if (t < best[0]) best[0] = t;

        t = omp_get_wtime();
#pragma omp parallel for schedule(static)
        for (long i = 0; i < n; i++) b[i] = s * c[i];
        t = omp_get_wtime() - t;
        if (t < best[1]) best[1] = t;

        t = omp_get_wtime();
#pragma omp parallel for schedule(static)
        for (long i = 0; i < n; i++) c[i] = a[i] + b[i];
        t = omp_get_wtime() - t;
        if (t < best[2]) best[2] = t;

        t = omp_get_wtime();
#pragma omp parallel for schedule(static)
        for (long i = 0; i < n; i++) a[i] = b[i] + s * c[i];
        t = omp_get_wtime() - t;
        if (t < best[3]) best[3] = t;

        double sum = 0.0;
        t = omp_get_wtime();
#pragma omp parallel for simd schedule(static) reduction(+ : sum)
        for (long i = 0; i < n; i++) sum += a[i] + b[i] + c[i];
        t = omp_get_wtime() - t;
        if (t < best[4]) best[4] = t;
        total += sum;
    }
    for (int k = 0; k < KERNELS; k++)
        printf("%s %.3f\n", NAMES[k], BYTES[k] * (double)n / best[k] / 1e9);
    printf("threads %d\n", omp_get_max_threads());
    printf("check %g\n", total + a[n / 2] + b[n / 3] + c[n / 5]);
    free(a);
    free(b);
    free(c);
    return 0;
}
