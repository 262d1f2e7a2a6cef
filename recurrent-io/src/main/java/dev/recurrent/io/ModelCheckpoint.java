package dev.recurrent.io;

import dev.recurrent.model.Callback;
import dev.recurrent.model.Model;
import dev.recurrent.model.Sequential;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.IllegalFormatException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Saves the model at the end of epochs, as Keras' {@code ModelCheckpoint}:
 *
 * <pre>{@code
 * // every epoch, to ckpt/epoch-01.zip, ckpt/epoch-02.zip, ...
 * new ModelCheckpoint("ckpt/epoch-{epoch:02d}.zip")
 * // only when val_loss improves, always to the same file
 * new ModelCheckpoint("best.zip").monitor("val_loss").saveBestOnly(true)
 * }</pre>
 *
 * The file name is a pattern: {@code {epoch}} is the 1-based epoch (Keras' numbering), and
 * {@code {name}} any key of the epoch's logs ({@code {val_loss:.4f}}); a Python format spec after
 * the colon ({@code 02d}, {@code .4f}, {@code .2e}) is applied. Files are saved atomically by
 * {@link ModelFiles}, with the optimizer state unless {@link #withOptimizerState(boolean)} turns it
 * off, and record the epochs completed, so that training resumes from one exactly:
 *
 * <pre>{@code
 * ModelFiles.Checkpoint c = ModelFiles.loadCheckpoint(path);
 * c.model().fit(x, y, FitOptions.defaults().epochs(n).initialEpoch(c.epochsCompleted()));
 * }</pre>
 *
 * With {@code saveBestOnly}, a file is written only when the monitored value improves on the best
 * seen so far ({@code mode}: {@code min}, {@code max}, or {@code auto}: max for names containing
 * "acc", min otherwise); an epoch whose logs lack the monitored key saves nothing and logs a warning.
 * The best value is kept across {@code fit} calls, as in Keras. A failed save ends training with an
 * {@link UncheckedIOException} (the previous file stays intact).
 */
public final class ModelCheckpoint implements Callback {
    private static final System.Logger LOG = System.getLogger(ModelCheckpoint.class.getName());
    private static final Pattern FIELD = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)(?::([^{}]*))?}");

    private final String pattern;
    private String monitor = "val_loss";
    private String mode = "auto";
    private boolean saveBestOnly;
    private boolean withOptimizerState = true;
    private boolean verbose;
    private double best = Double.NaN;
    private Sequential model;
    /** A graph model being fitted instead: saved by {@link GraphModelFiles}, its weights only. */
    private Model graphModel;
    private Path lastSaved;

    /** Saves every epoch to {@code filePattern}, e.g. {@code "ckpt/model-{epoch:03d}.zip"}. */
    public ModelCheckpoint(String filePattern) {
        if (filePattern == null || filePattern.isBlank()) {
            throw new IllegalArgumentException("ModelCheckpoint: `filepath` must not be empty");
        }
        this.pattern = filePattern;
        format(0, Map.of(), true); // refuse a malformed pattern now, not after the first epoch
    }

    public ModelCheckpoint(Path file) {
        this(file.toString());
    }

    /** The logs key compared with {@link #saveBestOnly}; default {@code val_loss}. */
    public ModelCheckpoint monitor(String key) {
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("ModelCheckpoint: `monitor` must name a logs key, got '" + key + "'");
        }
        this.monitor = key;
        return this;
    }

    /** {@code min}, {@code max} or {@code auto} (default). */
    public ModelCheckpoint mode(String mode) {
        String m = mode == null ? "" : mode.toLowerCase(Locale.ROOT);
        if (!m.equals("min") && !m.equals("max") && !m.equals("auto")) {
            throw new IllegalArgumentException("ModelCheckpoint: `mode` must be min, max or auto, got '" + mode + "'");
        }
        this.mode = m;
        return this;
    }

    /** Saves only when the monitored value improves (Keras' {@code save_best_only}); default false. */
    public ModelCheckpoint saveBestOnly(boolean on) {
        this.saveBestOnly = on;
        return this;
    }

    /** Keras' {@code initial_value_threshold}: a value the first save must improve on. */
    public ModelCheckpoint initialValueThreshold(double threshold) {
        this.best = threshold;
        return this;
    }

    /** Whether the files hold what an exact resume needs (default true). */
    public ModelCheckpoint withOptimizerState(boolean on) {
        this.withOptimizerState = on;
        return this;
    }

    /** Prints a line per save, as Keras' {@code verbose=1}. */
    public ModelCheckpoint verbose(boolean on) {
        this.verbose = on;
        return this;
    }

    /** The best monitored value so far (NaN before the first). */
    public double best() {
        return best;
    }

    /** The last file written, or null. */
    public Path lastSaved() {
        return lastSaved;
    }

    @Override
    public void onTrainBegin(Sequential model) {
        this.model = model;
        this.graphModel = null;
    }

    /** A graph model's checkpoints hold its architecture and weights, without optimizer state. */
    @Override
    public void onTrainBegin(Model model) {
        this.graphModel = model;
        this.model = null;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (model == null && graphModel == null) {
            throw new IllegalStateException("ModelCheckpoint: onEpochEnd before onTrainBegin; pass it to fit's callbacks");
        }
        Path file = Path.of(format(epoch + 1, logs, false));
        if (saveBestOnly) {
            Double current = logs.get(monitor);
            if (current == null) {
                LOG.log(System.Logger.Level.WARNING, "ModelCheckpoint: can save best model only with " + monitor
                        + " available, skipping; the logs have " + logs.keySet());
                return;
            }
            if (!improves(current)) {
                if (verbose) {
                    System.out.printf(Locale.ROOT, "%nEpoch %d: %s did not improve from %.5f%n", epoch + 1, monitor, best);
                }
                return;
            }
            if (verbose) {
                System.out.printf(Locale.ROOT, "%nEpoch %d: %s improved from %.5f to %.5f, saving model to %s%n",
                        epoch + 1, monitor, best, current, file);
            }
            best = current;
        } else if (verbose) {
            System.out.printf(Locale.ROOT, "%nEpoch %d: saving model to %s%n", epoch + 1, file);
        }
        try {
            if (graphModel != null) {
                GraphModelFiles.save(graphModel, file);
            } else {
                ModelFiles.save(model, file, withOptimizerState && model.optimizer() != null, epoch + 1);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("ModelCheckpoint: could not save epoch " + (epoch + 1) + " to " + file, e);
        }
        lastSaved = file;
    }

    private boolean improves(double current) {
        if (Double.isNaN(current)) {
            return false;
        }
        if (Double.isNaN(best)) {
            return true;
        }
        boolean max = mode.equals("max") || mode.equals("auto") && (monitor.contains("acc") || monitor.startsWith("fmeasure"));
        return max ? current > best : current < best;
    }

    /** The file name for 1-based {@code epoch} and {@code logs}. */
    String format(int epoch, Map<String, Double> logs, boolean checkOnly) {
        Matcher m = FIELD.matcher(pattern);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find()) {
            out.append(pattern, last, m.start());
            last = m.end();
            String key = m.group(1), spec = m.group(2);
            Object value;
            if (key.equals("epoch")) {
                value = epoch;
            } else if (logs.containsKey(key)) {
                value = logs.get(key);
            } else if (checkOnly) {
                value = 0.0;
            } else {
                throw new IllegalArgumentException("ModelCheckpoint: the file pattern '" + pattern + "' names {" + key
                        + "}, which is not in the logs " + logs.keySet());
            }
            out.append(formatValue(value, spec, checkOnly));
        }
        out.append(pattern.substring(last));
        return out.toString();
    }

    private String formatValue(Object value, String spec, boolean checkOnly) {
        if (spec == null || spec.isEmpty()) {
            return String.valueOf(value);
        }
        char type = spec.charAt(spec.length() - 1);
        Object v = value;
        if (type == 'd') {
            v = value instanceof Integer ? (Integer) value : Math.round(((Number) value).doubleValue());
        } else if (type == 'f' || type == 'e' || type == 'g') {
            v = ((Number) value).doubleValue();
        }
        try {
            return String.format(Locale.ROOT, "%" + spec, v);
        } catch (IllegalFormatException e) {
            throw new IllegalArgumentException("ModelCheckpoint: unsupported format spec '" + spec + "' in the file"
                    + " pattern '" + pattern + "'; use d, .Nf, .Ne, with a width such as 02d", e);
        }
    }
}
