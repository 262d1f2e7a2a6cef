package dev.recurrent.kernels;

import static dev.recurrent.kernels.VectorMicroKernel.MR;
import static dev.recurrent.kernels.VectorMicroKernel.NR;

import java.util.Arrays;

/**
 * The Vector API GEMM: blocking, the choice of path, and the split across threads.
 *
 * <p>Large products take the BLIS-style packed path: for each column block of {@link #NC} and
 * K block of at most {@link #KC}, op(B) is packed into k×NR panels; for each row block of
 * {@link #MC}, op(A) is packed into MR×k panels; {@link VectorMicroKernel} computes each MR×2-vector
 * tile (MR, KC, MC and NC are chosen for the machine by {@link GemmBlocking}). Small products with B stored [k, n], narrow ones (C of at most 64 columns; B copied out
 * transposed first when it comes transposed) and deep A^T·B with few rows and columns take
 * {@link VectorDirectGemm}, which packs nothing.
 *
 * <p>C is cut into one rectangle per thread, on tile boundaries; each element is computed by one
 * thread with a fixed order of operations that depends only on the shape (the path and the K
 * blocks), so the result is the same for any number of threads. Packing buffers belong to the
 * thread (allocated on first use, grown only when a larger product needs it) and dispatch reuses
 * one job object per calling thread: a GEMM allocates nothing once warm.
 */
final class VectorGemm {

    /** K block: the depth of a packed panel ({@link GemmBlocking}). */
    static final int KC = VectorMicroKernel.BLOCKING.kc();
    /** Rows of op(A) packed at a time (the A block lives in L2). */
    static final int MC = VectorMicroKernel.BLOCKING.mc();
    /** Columns of op(B) packed at a time (the B block lives in L3). */
    static final int NC = VectorMicroKernel.BLOCKING.nc();
    /** Below this many multiply-adds a GEMM runs in the calling thread. */
    static final long PARALLEL_MIN = Long.getLong("recurrent.gemm.parallelMin", 1L << 19);
    /** Rectangles of C per thread: more than one lets a thread that started late take less. */
    static final int TASKS_PER_THREAD = Integer.getInteger("recurrent.gemm.tasksPerThread", 1);
    /** At most this many multiply-adds take the packing-free path (when B is not transposed). */
    static final long DIRECT_MAX = Long.getLong("recurrent.gemm.directMax", 1L << 20);
    /**
     * A^T·B with at most this many rows and {@link #DIRECT_MAX_TRANSPOSED_A_COLUMNS} columns takes the
     * packing-free path at any depth: a weight gradient over all the steps of a small layer, where
     * packing B costs more than reading it from L2 and L3 a few times. Wider or taller products need
     * the packed path's reuse (docs/performance.md, "Which GEMM path", has the timings).
     */
    static final int DIRECT_MAX_TRANSPOSED_A_ROWS = 32, DIRECT_MAX_TRANSPOSED_A_COLUMNS = 256;
    /**
     * A product with at most this many columns takes the packing-free path at any size, B
     * transposed first when it comes transposed (at most {@link #TRANSPOSE_B_MAX} values): a narrow C
     * reuses B from L1 or L2 for every row, so packing only costs: the input gradient of a recurrent
     * layer, all steps' gate gradients times the transposed kernel, is such a product.
     */
    static final int DIRECT_MAX_COLUMNS = 64, TRANSPOSE_B_MAX = 1 << 20;

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);
    private final ThreadLocal<Job> jobs = ThreadLocal.withInitial(Job::new);

    /** See {@link Kernels#gemm}. */
    void gemm(boolean transA, boolean transB, int m, int n, int k,
              float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
              boolean accumulate, float[] c, int cOff, int ldc) {
        run(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, null, accumulate, c, cOff, ldc);
    }

    /** See {@link Kernels#gemmPacked}: the same path and blocking as {@link #gemm}, B's packing skipped. */
    void gemmPacked(int m, int n, int k, float[] a, int aOff, int lda, PackedMatrix b,
                    boolean accumulate, float[] c, int cOff, int ldc) {
        run(false, false, m, n, k, a, aOff, lda, b.source, b.sourceOff, b.ld, b, accumulate, c, cOff, ldc);
    }

    /** Copies B into the panels of every K block, in the layout {@link #packed} reads them. */
    void pack(PackedMatrix p) {
        int k = p.k, n = p.n, nPad = roundUp(n, NR);
        if (p.panels.length < k * nPad) {
            p.panels = new float[Math.multiplyExact(k, nPad)];
        }
        int kBlocks = (k + KC - 1) / KC;
        for (int kb = 0; kb < kBlocks; kb++) {
            int p0 = (int) ((long) k * kb / kBlocks);
            int kc = (int) ((long) k * (kb + 1) / kBlocks) - p0;
            VectorPacking.packB(false, p.source, p.sourceOff, p.ld, p0, kc, 0, n, p.panels, p0 * nPad);
        }
    }

    private void run(boolean transA, boolean transB, int m, int n, int k,
                     float[] a, int aOff, int lda, float[] b, int bOff, int ldb, PackedMatrix packedB,
                     boolean accumulate, float[] c, int cOff, int ldc) {
        if (m <= 0 || n <= 0) {
            return;
        }
        if (k <= 0) {
            if (!accumulate) {
                for (int i = 0; i < m; i++) {
                    Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
                }
            }
            return;
        }
        if (transB && transposesB(m, n, k)) {
            float[] bt = WORKSPACE.get().transposedB(k * n);
            Bulk.transpose(b, bOff, ldb, n, k, bt);      // B is stored [n, k]
            run(transA, false, m, n, k, a, aOff, lda, bt, 0, n, null, accumulate, c, cOff, ldc);
            return;
        }
        long macs = (long) m * n * k;
        boolean direct = direct(transA, transB, m, n, k);
        int threads = macs < PARALLEL_MIN ? 1 : Parallel.threads() * TASKS_PER_THREAD;
        int nPanels = (n + NR - 1) / NR, mPanels = (m + MR - 1) / MR;
        int tn, tm;
        if (threads == 1) {
            tn = tm = 1;
        } else if (m <= n ? nPanels >= threads : mPanels < threads) {
            // splitting columns repeats the packing of A in every thread, splitting rows that of B
            tn = Math.min(nPanels, threads);
            tm = Math.max(1, Math.min(mPanels, threads / tn));
        } else {
            tm = Math.min(mPanels, threads);
            tn = Math.max(1, Math.min(nPanels, threads / tm));
        }
        if (tn * tm == 1) {
            block(direct, transA, transB, 0, m, 0, n, k, a, aOff, lda, b, bOff, ldb, packedB, accumulate, c, cOff, ldc);
            return;
        }
        Job job = jobs.get();
        job.set(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, accumulate, c, cOff, ldc);
        job.packedB = packedB;
        job.direct = direct;
        job.tm = tm;
        job.tn = tn;
        job.mPanels = mPanels;
        job.nPanels = nPanels;
        try {
            Parallel.run(tm * tn, job);
        } finally {
            job.clear();
            job.packedB = null;
        }
    }

    /** The calling thread's packing buffers. */
    static Workspace workspace() {
        return WORKSPACE.get();
    }

    /** Whether a product takes the packing-free path; a function of the shape alone. */
    static boolean direct(boolean transA, boolean transB, int m, int n, int k) {
        if (transB) {
            return false;
        }
        return (long) m * n * k <= DIRECT_MAX || n <= DIRECT_MAX_COLUMNS
                || transA && m <= DIRECT_MAX_TRANSPOSED_A_ROWS && n <= DIRECT_MAX_TRANSPOSED_A_COLUMNS;
    }

    /** Whether a product with B transposed runs as B^T copied out and the packing-free path. */
    static boolean transposesB(int m, int n, int k) {
        return n <= DIRECT_MAX_COLUMNS && (long) k * n <= TRANSPOSE_B_MAX && (long) m * n * k > DIRECT_MAX;
    }


    /** C[i0..i1, j0..j1) by either path; the packed one reads B from {@code packedB} when given. */
    static void block(boolean direct, boolean transA, boolean transB, int i0, int i1, int j0, int j1, int k,
                      float[] a, int aOff, int lda, float[] b, int bOff, int ldb, PackedMatrix packedB,
                      boolean accumulate, float[] c, int cOff, int ldc) {
        if (direct) {
            VectorDirectGemm.block(i0, i1, j0, j1, k, a, aOff, transA ? 1 : lda, transA ? lda : 1,
                    b, bOff, ldb, accumulate, c, cOff, ldc);
        } else {
            packed(transA, transB, i0, i1, j0, j1, k, a, aOff, lda, b, bOff, ldb, packedB, accumulate, c, cOff, ldc,
                    WORKSPACE.get());
        }
    }

    /** The packed path over C[i0..i1, j0..j1). */
    static void packed(boolean transA, boolean transB, int i0, int i1, int j0, int j1, int k,
                       float[] a, int aOff, int lda, float[] b, int bOff, int ldb, PackedMatrix packedB,
                       boolean accumulate, float[] c, int cOff, int ldc, Workspace w) {
        int kBlocks = (k + KC - 1) / KC;
        int nPad = packedB != null ? roundUp(packedB.n, NR) : 0;
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            for (int kb = 0; kb < kBlocks; kb++) {
                // K blocks of (nearly) equal depth, fixed by k alone
                int p0 = (int) ((long) k * kb / kBlocks);
                int kc = (int) ((long) k * (kb + 1) / kBlocks) - p0;
                boolean add = accumulate || kb > 0;
                if (i1 - i0 <= MC) {
                    // one A block covers every row: each B panel is packed just before its only
                    // use, into an L1-sized buffer, instead of a whole block going out to L3
                    float[] pa = w.packedA(kc * roundUp(i1 - i0, MR));
                    VectorPacking.packA(transA, a, aOff, lda, i0, i1 - i0, p0, kc, pa);
                    float[] pb = packedB != null ? packedB.panels : w.packedB(kc * NR);
                    for (int jr = 0; jr < nc; jr += NR) {
                        int nr = Math.min(NR, nc - jr);
                        int pbOff = 0;
                        if (packedB != null) {
                            pbOff = p0 * nPad + (jc + jr) * kc;
                        } else {
                            VectorPacking.packB(transB, b, bOff, ldb, p0, kc, jc + jr, nr, pb, 0);
                        }
                        macro(kc, pa, pb, pbOff, i1 - i0, nr, c, cOff + i0 * ldc + jc + jr, ldc, add, w.tile);
                    }
                    continue;
                }
                float[] pb;
                int pbOff = 0;
                if (packedB != null) {
                    pb = packedB.panels;
                    pbOff = p0 * nPad + jc * kc;
                } else {
                    pb = w.packedB(kc * roundUp(nc, NR));
                    VectorPacking.packB(transB, b, bOff, ldb, p0, kc, jc, nc, pb, 0);
                }
                for (int ic = i0; ic < i1; ic += MC) {
                    int mc = Math.min(MC, i1 - ic);
                    float[] pa = w.packedA(kc * roundUp(mc, MR));
                    VectorPacking.packA(transA, a, aOff, lda, ic, mc, p0, kc, pa);
                    macro(kc, pa, pb, pbOff, mc, nc, c, cOff + ic * ldc + jc, ldc, add, w.tile);
                }
            }
        }
    }

    /** All tiles of one packed A block × one packed B block. */
    static void macro(int kc, float[] pa, float[] pb, int pbOff, int mc, int nc,
                      float[] c, int ci, int ldc, boolean add, float[] tile) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int bi = pbOff + jr * kc;
            for (int ir = 0; ir < mc; ir += MR) {
                int mr = Math.min(MR, mc - ir);
                int ai = ir * kc;
                int cij = ci + ir * ldc + jr;
                if (mr == MR && nr == NR) {
                    VectorMicroKernel.kernel(kc, pa, ai, pb, bi, c, cij, ldc, add);
                } else {
                    VectorMicroKernel.edge(kc, pa, ai, pb, bi, tile, c, cij, ldc, mr, nr, add);
                }
            }
        }
    }

    static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }

    /** One thread's packing buffers, reused by every GEMM that thread runs. */
    static final class Workspace {
        final float[] tile = new float[MR * NR];
        private float[] a = new float[0];
        private float[] b = new float[0];
        private float[] tail = new float[0];
        private float[] bt = new float[0];

        float[] packedA(int size) {
            if (a.length < size) {
                a = new float[size];
            }
            return a;
        }

        float[] packedB(int size) {
            if (b.length < size) {
                b = new float[size];
            }
            return b;
        }

        /** B^T for a narrow product with B transposed. */
        float[] transposedB(int size) {
            if (bt.length < size) {
                bt = new float[size];
            }
            return bt;
        }

        /** C's last columns, one vector wide, for the packing-free path. */
        float[] tail(int size) {
            if (tail.length < size) {
                tail = new float[size];
            }
            return tail;
        }
    }

    /** A GEMM cut into tm × tn rectangles, reused by its calling thread. */
    private static final class Job extends GemmJob {
        PackedMatrix packedB;
        boolean direct;
        int tm, tn, mPanels, nPanels;

        @Override
        public void run(int index) {
            int ti = index / tn, tj = index % tn;
            int i0 = Math.min(m, (int) ((long) mPanels * ti / tm) * MR);
            int i1 = Math.min(m, (int) ((long) mPanels * (ti + 1) / tm) * MR);
            int j0 = Math.min(n, (int) ((long) nPanels * tj / tn) * NR);
            int j1 = Math.min(n, (int) ((long) nPanels * (tj + 1) / tn) * NR);
            if (i0 < i1 && j0 < j1) {
                block(direct, transA, transB, i0, i1, j0, j1, k, a, aOff, lda, b, bOff, ldb, packedB, accumulate, c, cOff, ldc);
            }
        }
    }
}
