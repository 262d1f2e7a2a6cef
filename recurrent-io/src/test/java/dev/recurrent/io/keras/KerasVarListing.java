package dev.recurrent.io.keras;

import dev.recurrent.model.Sequential;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The variables of a Keras 3 weights file as (saveable path, index, shape), sorted: what an export
 * wrote and what an import reads can be compared on this listing. The path is the group holding
 * {@code vars}, {@code ""} for the model itself ({@code layers/lstm/cell}, {@code layers/dense}).
 */
final class KerasVarListing {
    record Var(String path, int index, List<Integer> shape) {
    }

    private static final Comparator<Var> ORDER = Comparator.comparing(Var::path).thenComparingInt(Var::index);

    private KerasVarListing() {
    }

    /** The listing of a model as the exporter lays it out. */
    static List<Var> of(Sequential model) {
        List<Var> vars = new ArrayList<>();
        for (KerasWeightLayout.Group g : KerasWeightLayout.of(model)) {
            for (int i = 0; i < g.vars().size(); i++) {
                vars.add(new Var(g.path(), i, Arrays.stream(g.vars().get(i).shape()).boxed().toList()));
            }
        }
        vars.sort(ORDER);
        return vars;
    }

    /** The listing of the {@code model.weights.h5} inside a {@code .keras} file's bytes. */
    static List<Var> ofKerasFile(byte[] keras) throws IOException {
        Path h5 = weightsFile(keras);
        try {
            return ofH5(h5);
        } finally {
            Files.delete(h5);
        }
    }

    /** The listing of a Keras 3 weights file. */
    static List<Var> ofH5(Path h5) {
        List<Var> vars = new ArrayList<>();
        try (HdfFile f = new HdfFile(h5)) {
            values(f).forEach((key, ds) -> {
                int cut = key.lastIndexOf("/vars/");
                String path = cut < 0 ? "" : key.substring(0, cut);
                int index = Integer.parseInt(key.substring(key.lastIndexOf('/') + 1));
                vars.add(new Var(path, index, Arrays.stream(ds.getDimensions()).boxed().toList()));
            });
        }
        vars.sort(ORDER);
        return vars;
    }

    /** Every dataset under a {@code vars} group, keyed by its path without the leading slash. */
    static Map<String, Dataset> values(HdfFile f) {
        Map<String, Dataset> out = new LinkedHashMap<>();
        collect(f, "", out);
        return out;
    }

    private static void collect(Group g, String prefix, Map<String, Dataset> out) {
        for (Node n : g.getChildren().values()) {
            String path = prefix.isEmpty() ? n.getName() : prefix + "/" + n.getName();
            if (n instanceof Group) {
                collect((Group) n, path, out);
            } else if (n instanceof Dataset && path.matches("(.*/)?vars/\\d+")) {
                out.put(path, (Dataset) n);
            }
        }
    }

    /** The weights entry of a {@code .keras} file, copied to a temporary file (jHDF reads files). */
    static Path weightsFile(byte[] keras) throws IOException {
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(keras))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (e.getName().equals(KerasExport.WEIGHTS)) {
                    Path tmp = Files.createTempFile("keras-vars-", ".h5");
                    Files.write(tmp, zip.readAllBytes());
                    return tmp;
                }
            }
        }
        throw new IOException("no " + KerasExport.WEIGHTS + " in the file");
    }

}
