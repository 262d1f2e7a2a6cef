package dev.recurrent.cli.demos;

import dev.recurrent.io.datasets.DataLocations;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Where the commands find datasets ({@link #locations}): {@code --data DIR}, else
 * {@code $RECURRENT_DATA}, the cache ({@code ~/.cache/recurrent}) and, in a checkout that has one,
 * {@code ../shared/data}; and the mirror to fetch from ({@code $RECURRENT_DATA_MIRROR}).
 *
 * <p>{@code ../shared/data} lives next to the repository. Tried in order: relative to the working directory
 * ({@code ./../shared/data}, the usual case when run from the repository root), then relative to each
 * folder above it (run from a module, e.g. by Maven's tests), then relative to the folders above the
 * running jar or classes ({@code recurrent-cli/target/recurrent.jar}, run from anywhere). The first
 * that exists wins; if none does, the working directory's candidate is returned, so that the error
 * names the path a user expects.
 */
public final class DemoData {
    /** The environment variable naming a base URL that every dataset file is fetched from instead of its own URL. */
    public static final String MIRROR_ENV = "RECURRENT_DATA_MIRROR";

    /** The process environment; tests put their own in its place. */
    public static Supplier<Map<String, String>> environment = System::getenv;

    /** The read-only places looked in last: {@code ../shared/data} where there is one; tests put their own in its place. */
    public static Supplier<List<Path>> extraRoots = DemoData::sharedRoots;

    private DemoData() {
    }

    /** Only {@code explicitRoot} when given, else the standard places with {@code ../shared/data} last. */
    public static DataLocations locations(Path explicitRoot) {
        if (explicitRoot != null) {
            return DataLocations.explicit(explicitRoot);
        }
        return DataLocations.standard(environment.get(), System.getProperty("user.home"), extraRoots.get());
    }

    /** {@code ../shared/data} as a one-element list where there is one, else empty. */
    public static List<Path> sharedRoots() {
        Path shared = locate("");
        return Files.isDirectory(shared) ? List.of(shared.toAbsolutePath().normalize()) : List.of();
    }

    /** {@code --mirror URL}, else {@code $RECURRENT_DATA_MIRROR}, with a final '/' added; null when neither is set. */
    public static URI mirror(String option) {
        String m = option != null ? option : environment.get().get(MIRROR_ENV);
        if (m == null || m.isBlank()) {
            return null;
        }
        try {
            URI uri = new URI(m.endsWith("/") ? m : m + "/");
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                throw new URISyntaxException(m, "expected an http:// or https:// URL");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException((option != null ? "--mirror" : MIRROR_ENV) + " must be an http(s) URL, got '"
                    + m + "'");
        }
    }

    /** {@code ../shared/data/<relative>}, resolved as the class note says ({@code ""}: the folder itself). */
    public static Path locate(String relative) {
        List<Path> candidates = candidates(relative);
        for (Path p : candidates) {
            if (Files.exists(p)) {
                return p;
            }
        }
        return candidates.get(0);
    }

    private static List<Path> candidates(String relative) {
        Set<Path> out = new LinkedHashSet<>();
        Path cwd = Paths.get("").toAbsolutePath();
        out.add(Paths.get("..", "shared", "data", relative));
        for (Path d = cwd.getParent(); d != null && d.getParent() != null; d = d.getParent()) {
            out.add(d.resolveSibling("shared").resolve("data").resolve(relative));
        }
        for (Path d = codeLocation(); d != null && d.getParent() != null; d = d.getParent()) {
            out.add(d.resolveSibling("shared").resolve("data").resolve(relative));
        }
        return new ArrayList<>(out);
    }

    /** The jar or classes folder this class was loaded from, or null. */
    private static Path codeLocation() {
        try {
            var src = DemoData.class.getProtectionDomain().getCodeSource();
            return src == null ? null : Paths.get(src.getLocation().toURI()).toAbsolutePath();
        } catch (URISyntaxException | SecurityException | IllegalArgumentException e) {
            return null;
        }
    }
}
