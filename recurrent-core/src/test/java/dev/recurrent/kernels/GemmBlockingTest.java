package dev.recurrent.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GEMM's tile and blocks follow the machine ({@link GemmBlocking}, {@link CpuCaches}), and no
 * choice changes a result: the probe's CRC over every path is the same with 8, 6 or 5 rows, with tiny
 * blocks, and (on x86) with 256-bit vectors and 16 registers, and each run is within tolerance of the
 * scalar reference.
 */
class GemmBlockingTest {

    private static final CpuCaches ZEN4 = new CpuCaches(32 << 10, 1 << 20, 32L << 20, 2, true);

    @Test
    void registerFileDecidesTheTileRows() {
        assertEquals(8, GemmBlocking.choose(512, "amd64", ZEN4).mr());
        assertEquals(5, GemmBlocking.choose(256, "amd64", ZEN4).mr(), "AVX2: 16 registers");
        assertEquals(5, GemmBlocking.choose(128, "x86_64", ZEN4).mr());
        assertEquals(8, GemmBlocking.choose(128, "aarch64", ZEN4).mr(), "NEON: 32 registers");
    }

    @Test
    void cachesDecideTheBlocks() {
        GemmBlocking zen4 = GemmBlocking.choose(512, "amd64", ZEN4);
        assertEquals(512, zen4.kc());
        assertEquals(128, zen4.mc());
        assertEquals(4096, zen4.nc());
        // a 2 MiB L2 and 105 MiB of L3 over 112 CPUs: a larger A block, B blocks of L2's size
        GemmBlocking big = GemmBlocking.choose(512, "amd64", new CpuCaches(48 << 10, 2 << 20, 105L << 20, 112, true));
        assertEquals(512, big.kc());
        assertEquals(256, big.mc());
        assertEquals(1024, big.nc());    // L2's worth: the LLC share per CPU is smaller
        // a small L2: the shallowest panel, fewer rows, whole tiles
        GemmBlocking small = GemmBlocking.choose(256, "amd64", new CpuCaches(32 << 10, 256 << 10, 4L << 20, 8, true));
        assertEquals(256, small.kc());
        assertEquals(60, small.mc());
        assertEquals(256, small.nc());
        assertTrue(small.describe().startsWith("gemm 5x16 kc 256 mc 60 nc 256"), small.describe());
    }

    @Test
    void sysfsCachesAreRead(@TempDir Path dir) throws IOException {
        cache(dir, 0, 1, "Data", "48K", "0-1");
        cache(dir, 1, 1, "Instruction", "32K", "0-1");
        cache(dir, 2, 2, "Unified", "2048K", "0-1");
        cache(dir, 3, 3, "Unified", "107520K", "0-55,112-167");
        CpuCaches c = CpuCaches.read(dir);
        assertEquals(new CpuCaches(48 << 10, 2 << 20, 107520L << 10, 112, true), c);
        CpuCaches none = CpuCaches.read(dir.resolve("missing"));
        assertEquals(false, none.fromSystem());
        assertEquals(CpuCaches.DEFAULT_L1D, none.l1d());
        assertTrue(none.describe().endsWith("assumed"), none.describe());
    }

    @Test
    void badOverrideIsRefused() {
        System.setProperty("recurrent.gemm.mr", "7");
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> GemmBlocking.choose(512, "amd64", ZEN4));
            assertTrue(e.getMessage().contains("5, 6 or 8, got 7"), e.getMessage());
        } finally {
            System.clearProperty("recurrent.gemm.mr");
        }
    }

    @Test
    void everyTileAndBlockingGivesTheSameBits() throws IOException, InterruptedException {
        assumeTrue(KernelsProvider.vector().isPresent(), "the Vector API is absent (run with --add-modules jdk.incubator.vector)");
        List<List<String>> runs = new ArrayList<>(List.of(
                List.of(),
                List.of("-Drecurrent.gemm.mr=6"),
                List.of("-Drecurrent.gemm.mr=5", "-Drecurrent.gemm.directMax=1000"),
                List.of("-Drecurrent.gemm.mr=6", "-Drecurrent.gemm.kc=40", "-Drecurrent.gemm.mc=18",
                        "-Drecurrent.gemm.nc=64", "-Drecurrent.gemm.directMax=1000"),
                List.of("-Drecurrent.gemm.kc=33", "-Drecurrent.gemm.mc=8", "-Drecurrent.gemm.directMax=1000")));
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        boolean x86 = arch.equals("amd64") || arch.equals("x86_64");
        if (x86) {
            runs.add(List.of("-XX:UseAVX=2"));
            runs.add(List.of("-XX:UseAVX=2", "-Drecurrent.gemm.directMax=1000"));
        }
        String first = null;
        for (List<String> options : runs) {
            Matcher m = probe(options);
            double worst = Double.parseDouble(m.group(2));
            assertTrue(worst <= 1e-5, options + ": vector against scalar " + worst);
            if (x86 && options.contains("-XX:UseAVX=2")) {
                assertEquals("5", m.group(3), options + ": 16 registers take the 5-row tile");
            }
            if (first == null) {
                first = m.group(1);
            } else {
                assertEquals(first, m.group(1), options + " changed the results' bits");
            }
        }
    }

    private static Matcher probe(List<String> options) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "-ea"));
        command.addAll(options);
        command.addAll(List.of("-Drecurrent.noRecompile=true", "-cp", System.getProperty("java.class.path"),
                GemmBlockingProbe.class.getName()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out;
        try (var in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the probe did not end");
        assertEquals(0, p.exitValue(), options + ": " + out);
        Matcher m = Pattern.compile("crc=(\\w+) worst=(\\S+) mr=(\\d+)").matcher(out);
        assertTrue(m.find(), "no result in the probe's output: " + out);
        return m;
    }

    private static void cache(Path dir, int index, int level, String type, String size, String shared) throws IOException {
        Path d = Files.createDirectories(dir.resolve("index" + index));
        Files.writeString(d.resolve("level"), level + "\n");
        Files.writeString(d.resolve("type"), type + "\n");
        Files.writeString(d.resolve("size"), size + "\n");
        Files.writeString(d.resolve("shared_cpu_list"), shared + "\n");
    }
}
