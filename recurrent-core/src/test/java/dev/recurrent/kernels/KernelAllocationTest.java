package dev.recurrent.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The vector kernels compile without boxed vectors whatever the JIT's type profiles hold: the
 * kernels run in a JVM of their own with {@code -XX:-UseTypeProfile}, which has C2 ignore every
 * receiver-type profile, and must allocate nothing once compiled.
 *
 * <p>JDK 17's C2 devirtualizes the Vector API's internal calls on a vector whose exact class it does
 * not know only from those profiles; where they were missing it compiled the kernels with every
 * vector on the heap, in some processes and not others. Without profiles at all, kernels written
 * that way allocate gigabytes per second in every process, so this test fails on each of them,
 * deterministically, instead of now and then ({@link Exact} has the rule that avoids it).
 */
class KernelAllocationTest {

    /** A round of every kernel allocates nothing once compiled; boxed vectors cost megabytes per round. */
    private static final long MAX_BYTES_PER_ROUND = 256;

    @Test
    void compiledKernelsAllocateNothingWithoutTypeProfiles() throws IOException, InterruptedException {
        assumeTrue(KernelsProvider.vector().isPresent(), "the Vector API is absent (run with --add-modules jdk.incubator.vector)");
        probe(List.of());
    }

    /** On x86, the 256-bit kernels and the GEMM's 5-row tile that an x86 without AVX-512 gets. */
    @Test
    void narrowVectorsAllocateNothingEither() throws IOException, InterruptedException {
        assumeTrue(KernelsProvider.vector().isPresent(), "the Vector API is absent (run with --add-modules jdk.incubator.vector)");
        String arch = System.getProperty("os.arch", "");
        assumeTrue(arch.equals("amd64") || arch.equals("x86_64"), "-XX:UseAVX is an x86 flag");
        probe(List.of("-XX:UseAVX=2"));
    }

    private static void probe(List<String> extra) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new java.util.ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector"));
        command.addAll(extra);
        command.addAll(List.of(
                "-XX:-UseTypeProfile",
                "-XX:+UseSerialGC",
                // compiled by C2 after a few hundred rounds, the caller waiting for the code
                "-XX:CompileCommand=quiet",
                "-XX:CompileCommand=CompileThresholdScaling,dev.recurrent.kernels.*::*,0.05",
                "-XX:CompileCommand=BackgroundCompilation,dev.recurrent.kernels.*::*,false",
                "-Drecurrent.threads=1",
                "-Drecurrent.noRecompile=true",
                "-Drecurrent.gemm.directMax=1000",
                "-cp", System.getProperty("java.class.path"),
                KernelAllocationProbe.class.getName(), "3000", "200"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out;
        try (var in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the probe did not end");
        assertEquals(0, p.exitValue(), out);
        Matcher m = Pattern.compile("bytes_per_round=(\\d+) rounds=(\\d+)").matcher(out);
        assertTrue(m.find(), "no measurement in the probe's output: " + out);
        assertEquals(200, Integer.parseInt(m.group(2)));
        long bytes = Long.parseLong(m.group(1));
        assertTrue(bytes <= MAX_BYTES_PER_ROUND, extra + ": the compiled vector kernels allocate " + bytes
                + " bytes per round without type profiles (boxed vectors): " + out.strip());
    }
}
