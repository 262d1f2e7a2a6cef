package dev.recurrent.kernels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The data caches one core sees, as Linux describes them under
 * {@code /sys/devices/system/cpu/cpu0/cache}: L1 data and L2 per core, the last-level cache and how
 * many logical CPUs share it. Where the files are missing (other systems, some containers) each
 * size falls back to a small value that fits the common server cores, so that a block chosen from
 * it is never larger than the cache it is meant for.
 *
 * @param l1d            L1 data cache, bytes
 * @param l2             L2 cache, bytes (per core)
 * @param l3             last-level cache, bytes (the whole cache, not a share)
 * @param l3SharedBy     logical CPUs sharing the last-level cache
 * @param fromSystem     whether the sizes were read from the system rather than assumed
 */
public record CpuCaches(int l1d, int l2, long l3, int l3SharedBy, boolean fromSystem) {

    static final int DEFAULT_L1D = 32 << 10, DEFAULT_L2 = 512 << 10;
    static final long DEFAULT_L3 = 8L << 20;
    private static final Path SYSFS = Path.of("/sys/devices/system/cpu/cpu0/cache");

    /** The caches of this machine, read once. */
    public static CpuCaches of() {
        return Holder.CACHES;
    }

    /** The last-level cache's share of one logical CPU. */
    public long l3PerCpu() {
        return l3 / Math.max(1, l3SharedBy);
    }

    /** {@code L1d 32 KiB, L2 1024 KiB, L3 32768 KiB (2 CPUs)}, with "assumed" when not read from the system. */
    public String describe() {
        return String.format(Locale.ROOT, "L1d %d KiB, L2 %d KiB, L3 %d KiB (%d CPUs)%s",
                l1d >> 10, l2 >> 10, l3 >> 10, l3SharedBy, fromSystem ? "" : ", assumed");
    }

    /** Reads {@code index*} under {@code dir}: level, type, size and shared_cpu_list of each cache. */
    static CpuCaches read(Path dir) {
        int l1d = 0, l2 = 0, sharedBy = 1;
        long l3 = 0;
        for (int i = 0; i < 8; i++) {
            Path index = dir.resolve("index" + i);
            if (!Files.isDirectory(index)) {
                continue;
            }
            try {
                int level = Integer.parseInt(Files.readString(index.resolve("level")).trim());
                String type = Files.readString(index.resolve("type")).trim();
                long size = parseSize(Files.readString(index.resolve("size")).trim());
                if (type.equals("Instruction") || size <= 0) {
                    continue;
                }
                if (level == 1) {
                    l1d = (int) size;
                } else if (level == 2) {
                    l2 = (int) Math.min(size, Integer.MAX_VALUE);
                } else if (level >= 3 && size >= l3) {
                    l3 = size;
                    Path shared = index.resolve("shared_cpu_list");
                    sharedBy = Files.exists(shared) ? countCpus(Files.readString(shared).trim()) : 1;
                }
            } catch (IOException | RuntimeException e) {
                // an unreadable or odd entry: keep what the others say
            }
        }
        boolean complete = l1d > 0 && l2 > 0;
        return new CpuCaches(l1d > 0 ? l1d : DEFAULT_L1D, l2 > 0 ? l2 : DEFAULT_L2,
                l3 > 0 ? l3 : Math.max(DEFAULT_L3, l2 > 0 ? l2 : DEFAULT_L2), Math.max(1, sharedBy), complete);
    }

    /** {@code 32K}, {@code 1024K}, {@code 32M} or plain bytes. */
    static long parseSize(String s) {
        String t = s.toUpperCase(Locale.ROOT);
        long unit = 1;
        if (t.endsWith("K")) {
            unit = 1L << 10;
        } else if (t.endsWith("M")) {
            unit = 1L << 20;
        } else if (t.endsWith("G")) {
            unit = 1L << 30;
        }
        String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
        return Long.parseLong(digits.trim()) * unit;
    }

    /** {@code 0-1,4,6-7} → 5. */
    static int countCpus(String list) {
        int n = 0;
        for (String part : list.split(",")) {
            String p = part.trim();
            if (p.isEmpty()) {
                continue;
            }
            int dash = p.indexOf('-');
            n += dash < 0 ? 1 : Integer.parseInt(p.substring(dash + 1)) - Integer.parseInt(p.substring(0, dash)) + 1;
        }
        return Math.max(1, n);
    }

    private static final class Holder {
        static final CpuCaches CACHES = read(SYSFS);
    }
}
