package dev.recurrent.kernels;

import java.util.Locale;

/**
 * The packed GEMM's register tile and cache blocks, chosen once at start-up from what the machine
 * shows: the vector width the JIT uses, the vector registers that width comes with, and the cache
 * sizes of {@link CpuCaches}. Nothing here is tuned to one processor; docs/kernels.md gives the
 * rules and docs/performance.md the sweeps that check them.
 *
 * <ul>
 *   <li><b>Tile</b>: {@code mr} rows × two vectors. Each row needs two accumulators, and a step
 *       also holds the two B vectors and the broadcast A values C2 keeps in flight (two): 8 rows
 *       (20 registers) where the register file has 32 vectors (AVX-512, NEON, SVE), 5 rows (14) where
 *       it has 16 (x86 below AVX-512): with 6 rows C2 keeps one accumulator on the stack, with 8 it
 *       spills several, in every step. Two vectors of independent accumulators per row keep every
 *       FMA unit busy on the processors seen so far (FMA latency times FMA units is at most 10,
 *       against 10 or 16 chains).</li>
 *   <li><b>kc</b>, the depth of a packed panel: the A block of {@value #A_BLOCK_ROWS} rows at that
 *       depth fills a quarter of L2, between {@value #MIN_KC} and {@value #MAX_KC} steps, the range
 *       measured flat (shallower panels cost up to a sixth; deeper ones only spare passes over C in
 *       products far deeper than an LSTM's, while a B panel outgrows L1 further).</li>
 *   <li><b>mc</b>, the rows of an A block: a quarter of L2 at depth kc, whole tiles.</li>
 *   <li><b>nc</b>, the columns of a B block: half of one logical CPU's share of the last-level
 *       cache at depth kc, but never less than L2 holds (a server's many cores leave each a small
 *       share, and a narrow block repacks A for every block), whole tiles.</li>
 * </ul>
 * The system properties {@code recurrent.gemm.mr}, {@code .kc}, {@code .mc} and {@code .nc}
 * override a choice (for sweeps). The blocking never changes a result: every element of C is one
 * fma chain in the order of k, whatever the blocks.
 *
 * @param vectorBits the width of the vectors the kernels use
 * @param registers  the vector registers assumed for that width
 * @param mr         rows of the register tile (8, 6 or 5)
 * @param kc         depth of a packed panel
 * @param mc         rows of op(A) packed at a time
 * @param nc         columns of op(B) packed at a time
 * @param caches     the caches the blocks were sized for
 */
record GemmBlocking(int vectorBits, int registers, int mr, int kc, int mc, int nc, CpuCaches caches) {

    static final int A_BLOCK_ROWS = 128, MIN_KC = 256, MAX_KC = 512;

    /** The choice for this machine and the kernels' vector width. */
    static GemmBlocking forThisMachine(int vectorBits) {
        return choose(vectorBits, System.getProperty("os.arch", ""), CpuCaches.of());
    }

    /** The rules of the class comment, then any system-property overrides. */
    static GemmBlocking choose(int vectorBits, String arch, CpuCaches caches) {
        int registers = vectorRegisters(vectorBits, arch);
        int mr = Integer.getInteger("recurrent.gemm.mr", registers >= 32 ? 8 : 5);
        if (mr != 8 && mr != 6 && mr != 5) {
            throw new IllegalArgumentException("recurrent.gemm.mr must be 5, 6 or 8, got " + mr);
        }
        int lanes = vectorBits / Float.SIZE, nr = 2 * lanes;
        int kc = Integer.getInteger("recurrent.gemm.kc",
                clamp(roundDown(caches.l2() / 4 / (A_BLOCK_ROWS * Float.BYTES), 16), MIN_KC, MAX_KC));
        int mc = Integer.getInteger("recurrent.gemm.mc",
                Math.max(mr, roundDown(caches.l2() / 4 / (kc * Float.BYTES), mr)));
        long columns = Math.max(caches.l3PerCpu() / 2, caches.l2()) / ((long) kc * Float.BYTES);
        int nc = Integer.getInteger("recurrent.gemm.nc", Math.max(nr, roundDown(Math.min(1 << 16, columns), nr)));
        if (kc < 1 || mc < 1 || nc < 1) {
            throw new IllegalArgumentException("recurrent.gemm.kc, .mc and .nc must be positive, got "
                    + kc + ", " + mc + ", " + nc);
        }
        return new GemmBlocking(vectorBits, registers, mr, kc, roundUp(mc, mr), roundUp(nc, nr), caches);
    }

    /**
     * x86 has 32 vector registers only with AVX-512, which is also the only way the JIT uses
     * 512-bit vectors; below it, 16. ARM (NEON, SVE) and the other vector ISAs have 32.
     */
    static int vectorRegisters(int vectorBits, String arch) {
        String a = arch.toLowerCase(Locale.ROOT);
        boolean x86 = a.equals("amd64") || a.equals("x86_64") || a.equals("x86") || a.equals("i386");
        return !x86 || vectorBits >= 512 ? 32 : 16;
    }

    /** {@code gemm 8x32 kc 512 mc 128 nc 4096 (32 registers; L1d 32 KiB, ...)}: the tile in rows × columns. */
    String describe() {
        return String.format(Locale.ROOT, "gemm %dx%d kc %d mc %d nc %d (%d vector registers; %s)",
                mr, 2 * (vectorBits / Float.SIZE), kc, mc, nc, registers, caches.describe());
    }

    private static int clamp(int x, int lo, int hi) {
        return Math.max(lo, Math.min(hi, x));
    }

    private static int roundDown(long x, int multiple) {
        return (int) (x / multiple * multiple);
    }

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }
}
