package dev.recurrent.cli;

import dev.recurrent.cli.demos.DataFetch;
import dev.recurrent.cli.demos.DemoData;
import dev.recurrent.cli.demos.DownloadProgress;
import dev.recurrent.io.datasets.DataLocations;
import dev.recurrent.io.datasets.Dataset;
import dev.recurrent.io.datasets.DatasetFetcher;
import dev.recurrent.io.datasets.Datasets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code recurrent data list | fetch NAME | path NAME}: the datasets of the registry
 * ({@link Datasets}), where they are, and getting them (docs/data.md).
 */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = {"Lists, downloads and finds the datasets the demos use.",
                "They are kept in $RECURRENT_DATA, else ~/.cache/recurrent ($XDG_CACHE_HOME/recurrent);"
                        + " --data DIR uses DIR alone."},
        subcommands = {DataCommand.ListData.class, DataCommand.Fetch.class, DataCommand.PathOf.class})
final class DataCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code --data DIR}, shared by the subcommands. */
    static final class Root {
        @Option(names = "--data", paramLabel = "DIR",
                description = "The data folder to look in and fetch into, instead of $RECURRENT_DATA and ~/.cache/recurrent.")
        Path data;

        DataLocations locations() {
            return DemoData.locations(data);
        }
    }

    /** The dataset called {@code name}, or a one-line error listing the names. */
    static Dataset named(String name) {
        return Datasets.named(name).orElseThrow(() -> new IllegalArgumentException(
                "unknown dataset '" + name + "'; expected one of " + Datasets.names()));
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists the datasets: name, download size, where each is (or \"not downloaded\"), source.")
    static final class ListData implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        Root root;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            DataLocations where = root.locations();
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"NAME", "SIZE", "WHERE", "SOURCE"});
            for (Dataset d : Datasets.all()) {
                Optional<Path> found = where.find(d);
                String place = found.map(r -> d.location(r).toAbsolutePath().normalize().toString())
                        .orElse(d.bundled() ? "not downloaded (in the jar: 'recurrent data fetch " + d.name() + "')"
                                : "not downloaded");
                long size = d.bundled() ? d.files().get(0).size() : d.downloadSize();
                rows.add(new String[] {d.name(), DownloadProgress.size(size), place, d.sources().get(0).url()});
            }
            int[] width = new int[3];
            for (String[] r : rows) {
                for (int i = 0; i < width.length; i++) {
                    width[i] = Math.max(width[i], r[i].length());
                }
            }
            for (String[] r : rows) {
                out.println(String.format(Locale.ROOT, "%-" + width[0] + "s  %" + width[1] + "s  %-" + width[2] + "s  %s",
                        (Object[]) r).stripTrailing());
            }
            out.println("Data folder: " + where.writeRoot().toAbsolutePath().normalize());
            out.flush();
            return 0;
        }
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = {"Downloads a dataset, checks its SHA-256 and, for imdb, converts the raw reviews to Keras'"
                    + " encoding (once). Does nothing when it is already there, verified.",
                    "A download cut short resumes where it stopped."})
    static final class Fetch implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "The dataset: ${COMPLETION-CANDIDATES}.",
                completionCandidates = Names.class)
        String name;

        @CommandLine.Mixin
        Root root;

        @Option(names = "--mirror", paramLabel = "URL",
                description = "Fetch every file from URL/<file name> instead of its own URL (default: $RECURRENT_DATA_MIRROR)."
                        + " The SHA-256 checks stay.")
        String mirror;

        @Override
        public Integer call() {
            Dataset d = named(name);
            PrintWriter out = spec.commandLine().getOut();
            DataLocations where = root.locations();
            Optional<Path> found = where.find(d);
            if (found.isPresent() && verified(d, found.get())) {
                out.println(d.name() + ": already there, verified: " + d.location(found.get()).toAbsolutePath().normalize());
                out.flush();
                return 0;
            }
            DataFetch.fetch(d, where.writeRoot(), DemoData.mirror(mirror), spec.commandLine().getErr());
            out.println(d.name() + ": fetched and verified: " + d.location(where.writeRoot()).toAbsolutePath().normalize());
            out.flush();
            return 0;
        }

        private static boolean verified(Dataset d, Path root) {
            try {
                return DatasetFetcher.damaged(d, root).isEmpty();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + d.location(root) + ": " + e.getMessage(), e);
            }
        }
    }

    @Command(name = "path", mixinStandardHelpOptions = true,
            description = "Prints where a dataset is (its folder, or its file); exit code 1 when it is not downloaded.")
    static final class PathOf implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "The dataset: ${COMPLETION-CANDIDATES}.",
                completionCandidates = Names.class)
        String name;

        @CommandLine.Mixin
        Root root;

        @Override
        public Integer call() {
            Dataset d = named(name);
            DataLocations where = root.locations();
            Optional<Path> found = where.find(d);
            if (found.isEmpty()) {
                PrintWriter err = spec.commandLine().getErr();
                err.println("error: " + d.name() + " is not downloaded (looked in " + String.join(", ",
                        where.roots().stream().map(p -> p.toAbsolutePath().normalize().toString()).toList())
                        + "); run 'recurrent data fetch " + d.name() + "'");
                err.flush();
                return 1;
            }
            spec.commandLine().getOut().println(d.location(found.get()).toAbsolutePath().normalize());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    /** The dataset names, for the help. */
    static final class Names implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return Datasets.all().stream().map(Dataset::name).iterator();
        }
    }
}
