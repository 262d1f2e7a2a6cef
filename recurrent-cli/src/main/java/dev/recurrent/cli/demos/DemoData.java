package dev.recurrent.cli.demos;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where the demos find {@code ../shared/data}: the data lives next to the repository, in
 * {@code <repository>/../shared/data}. Tried in order: relative to the working directory
 * ({@code ./../shared/data}, the usual case when run from the repository root), then relative to each
 * folder above it (run from a module, e.g. by Maven's tests), then relative to the folders above the
 * running jar or classes ({@code recurrent-cli/target/recurrent.jar}, run from anywhere). The first
 * that exists wins; if none does, the working directory's candidate is returned, so that the error
 * names the path a user expects.
 */
public final class DemoData {
    private DemoData() {
    }

    /** {@code ../shared/data/<relative>}, resolved as the class note says. */
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
