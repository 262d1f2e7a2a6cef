package dev.recurrent.io.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where datasets are looked for and where they are put. A data root holds each dataset in the
 * same layout ({@link Dataset#folder}): {@code <root>/imdb/train_sequences.bin},
 * {@code <root>/nietzsche.txt}, ...
 * <ul>
 *   <li>an explicit root ({@code --data DIR}) is the only place looked in, and the place fetched into;</li>
 *   <li>otherwise: {@code $RECURRENT_DATA} when set, then the cache ({@code $XDG_CACHE_HOME/recurrent},
 *       else {@code ~/.cache/recurrent}), then the extra read-only places given (a checkout's
 *       {@code ../shared/data}); fetching goes to {@code $RECURRENT_DATA}, else the cache.</li>
 * </ul>
 */
public final class DataLocations {
    /** The environment variable naming the data root. */
    public static final String ENV = "RECURRENT_DATA";

    private final Path writeRoot;
    private final List<Path> roots;

    private DataLocations(Path writeRoot, List<Path> roots) {
        this.writeRoot = writeRoot;
        this.roots = roots;
    }

    /** Only {@code root}: looked in, and fetched into. */
    public static DataLocations explicit(Path root) {
        return new DataLocations(root, List.of(root));
    }

    /**
     * The standard places.
     *
     * @param env      the environment ({@code System.getenv()})
     * @param userHome the home folder ({@code System.getProperty("user.home")})
     * @param extra    further places to look in, last (never written)
     */
    public static DataLocations standard(Map<String, String> env, String userHome, List<Path> extra) {
        Set<Path> roots = new LinkedHashSet<>();
        String fromEnv = env.get(ENV);
        Path write = fromEnv != null && !fromEnv.isBlank() ? Paths.get(fromEnv) : cache(env, userHome);
        roots.add(write);
        roots.add(cache(env, userHome));
        roots.addAll(extra);
        return new DataLocations(write, List.copyOf(roots));
    }

    /** {@code $XDG_CACHE_HOME/recurrent} when that is an absolute path (as the XDG spec asks), else {@code ~/.cache/recurrent}. */
    public static Path cache(Map<String, String> env, String userHome) {
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() && Paths.get(xdg).isAbsolute()
                ? Paths.get(xdg) : Paths.get(userHome, ".cache");
        return base.resolve("recurrent");
    }

    /** Where a fetch puts the data. */
    public Path writeRoot() {
        return writeRoot;
    }

    /** The places looked in, in order. */
    public List<Path> roots() {
        return roots;
    }

    /** The first root that holds every file of {@code dataset} (checked by name and size). */
    public Optional<Path> find(Dataset dataset) {
        for (Path root : roots) {
            if (present(dataset, root)) {
                return Optional.of(root);
            }
        }
        return Optional.empty();
    }

    /** Whether {@code root} holds every file of {@code dataset} with its size; the hashes are not read. */
    public static boolean present(Dataset dataset, Path root) {
        return missing(dataset, root).isEmpty();
    }

    /** The files of {@code dataset} that {@code root} lacks or holds with another size. */
    public static List<String> missing(Dataset dataset, Path root) {
        List<String> out = new ArrayList<>();
        Path folder = dataset.folder(root);
        for (DatasetFile f : dataset.files()) {
            Path p = folder.resolve(f.name());
            try {
                if (!Files.isRegularFile(p) || Files.size(p) != f.size()) {
                    out.add(f.name());
                }
            } catch (IOException e) {
                out.add(f.name());
            }
        }
        return out;
    }
}
