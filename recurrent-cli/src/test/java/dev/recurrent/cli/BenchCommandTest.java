package dev.recurrent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.recurrent.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code recurrent bench} end to end on every workload with tiny settings, and its synthetic data. */
public class BenchCommandTest {

    private static final String RESULT = "(?s).*RESULT peer=recurrent workload=%s mode=%s median=\\d+\\.\\d\\d samples/s"
            + " \\(min \\d+\\.\\d\\d, max \\d+\\.\\d\\d\\) steps/s=\\d+\\.\\d{3} GFLOP/s=\\d+\\.\\d\\d cpu_util=\\S+"
            + " foreign_cpu=\\S+ peakRSS=\\d+MB\n.*";

    @Test
    void warmUpStampsStayBoundedAndGiveTheLateStepTime() {
        BenchCommand.Stamps stamps = new BenchCommand.Stamps();
        long t = 5_000;
        stamps.add(t);
        for (int step = 1; step <= 1_000_000; step++) {
            t += step <= 1000 ? 10_000 : 1_000;       // slow first steps, then 1 µs each
            stamps.add(t);
        }
        assertEquals(t, stamps.last());
        assertEquals(1e-6, stamps.lateStepSeconds(), 1e-9, "the last quarter's steps took 1 µs each");
        BenchCommand.Stamps few = new BenchCommand.Stamps();
        few.add(0);
        few.add(4_000);
        few.add(6_000);
        assertEquals(2e-6, few.lateStepSeconds(), 1e-12, "two steps: the last one");
    }

    @Test
    void everyWorkloadTrainsAndInfersAndAppendsJson(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("results.jsonl");
        String[][] cases = {{"imdb", "train"}, {"imdb", "infer"}, {"addition", "train"}, {"shampoo", "train"},
                {"large", "train"}, {"large", "infer"}};
        for (String[] c : cases) {
            DemoCommandsTest.Run r = DemoCommandsTest.run("bench", "--workload", c[0], "--mode", c[1], "--repeats", "1",
                    "--warmup-sec", "0", "--min-warmup-steps", "1", "--steps", "2", "--out", out.toString(), "--tag", "t");
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().matches(String.format(RESULT, c[0], c[1])), r.out());
            assertTrue(r.out().contains("timing 1 repeats x 2 steps"), r.out());
        }
        List<String> lines = Files.readAllLines(out);
        assertEquals(cases.length, lines.size());
        JsonNode large = new ObjectMapper().readTree(lines.get(4));
        assertEquals("large", large.get("workload").asText());
        assertEquals("t", large.get("tag").asText());
        assertEquals(1, large.get("samples_per_s").size());
        assertEquals(2, large.get("steps_per_repeat").asInt());
        assertTrue(large.get("median").asDouble() > 0);
        // 3 × 2·100·64·(256+512)·4·512 = 60.4 GFLOP per step
        assertEquals(large.get("median").asDouble() / 64 * 60.397977600, large.get("gflops_median").asDouble(), 0.01);
        assertTrue(large.get("vmhwm_mb").asDouble() > 10, lines.get(4));
        assertTrue(large.get("os_threads").asInt() > 1, lines.get(4));
        assertTrue(large.has("java") && large.has("jvm_args") && large.has("cpu_util") && large.has("kernel_recompilations"), lines.get(4));
        assertTrue(large.get("boxing_suspected").isBoolean() && large.get("kernel_boxing_seen").isBoolean(), lines.get(4));
        double command = large.get("command_start_since_jvm_start_s").asDouble();
        double model = large.get("model_built_since_jvm_start_s").asDouble();
        double data = large.get("data_ready_since_jvm_start_s").asDouble();
        double firstDone = large.get("first_step_done_since_jvm_start_s").asDouble();
        assertTrue(0 < command && command <= model && model <= data && data < firstDone, lines.get(4));
        JsonNode probe = large.get("copy_64k_us");
        for (String when : new String[] {"start", "before_timed", "after_timed"}) {
            assertEquals(large.get("kernel_threads").asInt(), probe.get(when).size(), when);
            for (JsonNode us : probe.get(when)) {
                assertTrue(us.asDouble() > 0 && us.asDouble() < 1e5, when + ": " + us);
            }
        }
        // shampoo keeps the workload's own minimum of 1000 warm-up steps
        assertTrue(new ObjectMapper().readTree(lines.get(3)).get("warmup_steps").asInt() >= 1000, lines.get(3));
    }

    @Test
    void badWorkloadOrModeIsAUsageError() {
        assertEquals(2, DemoCommandsTest.run("bench", "--workload", "mnist").code());
        assertEquals(2, DemoCommandsTest.run("bench", "--workload", "imdb", "--mode", "fit").code());
    }

    @Test
    void cellReplacesTheRecurrentLayersAndIsRecorded(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("cells.jsonl");
        DemoCommandsTest.Run r = DemoCommandsTest.run("bench", "--cell", "gru", "--workload", "shampoo", "--repeats", "1",
                "--warmup-sec", "0", "--steps", "50", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("RESULT peer=recurrent workload=shampoo mode=train cell=gru median="), r.out());
        JsonNode gru = new ObjectMapper().readTree(Files.readAllLines(out).get(0));
        assertEquals("gru", gru.get("cell").asText());
        // one GRU(4) over 1 step of 1 feature: 3 × 2·(1+4)·3·4 = 360 FLOPs per sample
        assertEquals(gru.get("median").asDouble() * 360e-9, gru.get("gflops_median").asDouble(), 1e-3);
        // the network itself is a GRU's: its parameter count differs from the LSTM's
        assertEquals(3 * 4 * (1 + 4 + 2) + 5, BenchWorkload.SHAMPOO.model(CellChoice.gru, 1).build().parameterCount());
        assertEquals(4 * 4 * (1 + 4 + 1) + 5, BenchWorkload.SHAMPOO.model(CellChoice.lstm, 1).build().parameterCount());
    }

    @Test
    void withoutCellTheLinesNameNone() {
        DemoCommandsTest.Run r = DemoCommandsTest.run("bench", "--workload", "shampoo", "--repeats", "1",
                "--warmup-sec", "0", "--steps", "10");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("RESULT peer=recurrent workload=shampoo mode=train median="), r.out());
        assertTrue(!r.out().contains("cell") && !r.out().contains("\"cell\""), r.out());
    }

    @Test
    void everyCellBuildsEveryWorkload() {
        for (CellChoice cell : CellChoice.values()) {
            for (BenchWorkload w : BenchWorkload.values()) {
                assertTrue(w.model(cell, 1).build().parameterCount() > 0, cell + " " + w);
                assertTrue(w.flopsPerBatch(cell, true) == 3 * w.flopsPerBatch(cell, false), cell + " " + w);
            }
        }
        // CIFG has three gates of the LSTM's four; the projected LSTM's recurrent product is P = H/2 wide, plus the projection
        double lstm = BenchWorkload.LARGE.flopsPerBatch(CellChoice.lstm, false);
        assertEquals(0.75, BenchWorkload.LARGE.flopsPerBatch(CellChoice.cifg, false) / lstm, 1e-12);
        assertEquals(100.0 * 64 * (2 * (256 + 256) * 4 * 512 + 2 * 512 * 256),
                BenchWorkload.LARGE.flopsPerBatch(CellChoice.projected_lstm, false), 1e-3);
    }

    @Test
    void badCellIsOneUsageErrorLine() {
        DemoCommandsTest.Run r = DemoCommandsTest.run("bench", "--workload", "imdb", "--cell", "lstmm");
        assertEquals(2, r.code());
        String first = r.err().lines().findFirst().orElse("");
        assertTrue(first.startsWith("error: ") && first.contains("--cell") && first.contains("lstmm")
                && first.contains("gru_reset_before"), r.err());
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("error:")).count(), r.err());
        assertTrue(!r.err().contains("Exception"), r.err());
    }

    @Test
    void syntheticDataIsTheSeededDataOfThePeers() {
        Tensor[][] imdb = BenchWorkload.IMDB.batches(2);
        assertEquals(32 * 500, imdb[0][0].data().length);
        for (float id : imdb[1][0].data()) {
            assertTrue(id >= 0 && id < 10000 && id == Math.rint(id));
        }
        // the same seeds give the same batches; different batches differ
        assertEquals(imdb[1][0].data()[7], BenchWorkload.IMDB.batches(2)[1][0].data()[7]);
        assertTrue(imdb[0][0].data()[0] != imdb[1][0].data()[0] || imdb[0][0].data()[1] != imdb[1][0].data()[1]);
        // the batches are made in parallel: each is the same whichever thread made it and however many were made
        Tensor[] third = BenchWorkload.IMDB.batches(3)[2], thirdOfFive = BenchWorkload.IMDB.batches(5)[2];
        assertArrayEquals(third[0].data(), thirdOfFive[0].data());
        assertArrayEquals(third[1].data(), thirdOfFive[1].data());
        // addition: one 1 per step in both x and y, and the encoded sum is right
        Tensor[] add = BenchWorkload.ADDITION.batches(1)[0];
        String q = decode(add[0].data(), 0, 7), a = decode(add[1].data(), 0, 4);
        String[] ab = q.trim().split("\\+");
        assertEquals(Integer.parseInt(ab[0]) + Integer.parseInt(ab[1]), Integer.parseInt(a.trim()), q + " = " + a);
        Tensor[] large = BenchWorkload.LARGE.batches(1)[0];
        double sum = 0, sq = 0;
        for (float v : large[0].data()) {
            sum += v;
            sq += v * v;
        }
        int n = large[0].data().length;
        assertEquals(0, sum / n, 0.01);
        assertEquals(1, sq / n, 0.01);
    }

    private static String decode(float[] oneHot, int sample, int steps) {
        int v = BenchWorkload.SYMBOLS.length();
        StringBuilder s = new StringBuilder();
        for (int t = 0; t < steps; t++) {
            for (int c = 0; c < v; c++) {
                if (oneHot[(sample * steps + t) * v + c] == 1f) {
                    s.append(BenchWorkload.SYMBOLS.charAt(c));
                }
            }
        }
        assertEquals(steps, s.length());
        return s.toString();
    }
}
