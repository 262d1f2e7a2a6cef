package dev.recurrent.optim;

import dev.recurrent.config.ConfigReader;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Keras' {@code ReduceLROnPlateau} logic, without the callback plumbing: the model's callback
 * reads the monitored value at the end of each epoch and calls {@link #onEpochEnd}. Defaults as
 * Keras: {@code monitor="val_loss", factor=0.1, patience=10, mode="auto", min_delta=1e-4,
 * cooldown=0, min_lr=0}.
 *
 * <p>Each epoch, as Keras 3 does it: if in cooldown, count the cooldown down and reset the wait;
 * then if the value improved on the best by more than {@code min_delta} (lower in {@code min} mode,
 * higher in {@code max} mode), it becomes the best and the wait resets; otherwise, unless still in
 * cooldown, the wait grows, and when it reaches {@code patience} and the learning rate is above
 * {@code min_lr}, the learning rate becomes {@code max(lr·factor, min_lr)} (in double, then stored
 * as float32), the cooldown starts and the wait resets. A NaN value is never an improvement.
 * {@code auto} mode is {@code max} when the monitor's name contains {@code "acc"}, else {@code min}.
 *
 * <p>The optimizer must have a plain learning rate: one that follows a {@link LearningRateSchedule}
 * cannot be set, and {@link Optimizer#setLearningRate} throws, as Keras does.
 */
public final class ReduceLROnPlateau {
    private static final String NAME = "ReduceLROnPlateau";

    /** Which direction is an improvement. */
    public enum Mode {
        /** {@code max} if the monitor's name contains "acc", else {@code min}. */
        AUTO,
        /** Lower is better. */
        MIN,
        /** Higher is better. */
        MAX;

        /** {@code "auto"}, {@code "min"} or {@code "max"}, as Keras spells them. */
        public static Mode of(String mode) {
            if (mode != null) {
                switch (mode) {
                    case "auto":
                        return AUTO;
                    case "min":
                        return MIN;
                    case "max":
                        return MAX;
                    default:
                        break;
                }
            }
            throw Checks.invalid(NAME, "mode", "one of 'auto', 'min', 'max'", mode);
        }

        /** The Keras spelling. */
        public String keras() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final String monitor;
    private final double factor;
    private final int patience;
    private final Mode mode;
    private final double minDelta;
    private final int cooldown;
    private final double minLr;
    private final boolean lowerIsBetter;

    private double best;
    private int wait;
    private int cooldownCounter;

    /** Keras' defaults. */
    public ReduceLROnPlateau() {
        this(builder());
    }

    private ReduceLROnPlateau(Builder b) {
        if (b.monitor == null || b.monitor.isEmpty()) {
            throw Checks.invalid(NAME, "monitor", "the name of a metric", b.monitor);
        }
        this.monitor = b.monitor;
        if (!(b.factor >= 0 && b.factor < 1)) {
            // Keras refuses factor >= 1.0 ("does not support a factor >= 1.0"); a negative one too here
            throw Checks.invalid(NAME, "factor", "a float in [0, 1)", b.factor);
        }
        this.factor = b.factor;
        this.patience = Checks.nonNegative(NAME, "patience", b.patience);
        if (b.mode == null) {
            throw Checks.invalid(NAME, "mode", "one of 'auto', 'min', 'max'", null);
        }
        this.mode = b.mode;
        this.minDelta = Checks.nonNegative(NAME, "min_delta", b.minDelta);
        this.cooldown = Checks.nonNegative(NAME, "cooldown", b.cooldown);
        this.minLr = Checks.nonNegative(NAME, "min_lr", b.minLr);
        this.lowerIsBetter = mode == Mode.MIN || (mode == Mode.AUTO && !monitor.contains("acc"));
        reset();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Keras' {@code _reset} (run at {@code on_train_begin}): best to ±∞, wait and cooldown to 0. */
    public void reset() {
        best = lowerIsBetter ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        wait = 0;
        cooldownCounter = 0;
    }

    /**
     * Applies one epoch's rule to {@code optimizer} and returns its learning rate afterwards.
     *
     * @param monitoredValue the epoch's value of {@link #monitor()}
     * @throws IllegalStateException if a reduction is due and the optimizer follows a schedule
     */
    public float onEpochEnd(double monitoredValue, Optimizer optimizer) {
        if (inCooldown()) {
            cooldownCounter--;
            wait = 0;
        }
        if (improves(monitoredValue)) {
            best = monitoredValue;
            wait = 0;
        } else if (!inCooldown()) {
            wait++;
            if (wait >= patience) {
                double oldLr = optimizer.learningRate();
                if (oldLr > (float) minLr) {
                    double newLr = Math.max(oldLr * factor, minLr);
                    optimizer.setLearningRate((float) newLr);
                    cooldownCounter = cooldown;
                    wait = 0;
                }
            }
        }
        return optimizer.learningRate();
    }

    private boolean improves(double current) {
        return lowerIsBetter ? current < best - minDelta : current > best + minDelta;
    }

    /** Whether the last reduction's cooldown is still running. */
    public boolean inCooldown() {
        return cooldownCounter > 0;
    }

    /** The best value seen since the last {@link #reset()}. */
    public double best() {
        return best;
    }

    /** Epochs without improvement, counted outside cooldown. */
    public int waitCount() {
        return wait;
    }

    /** Epochs of cooldown left. */
    public int cooldownCounter() {
        return cooldownCounter;
    }

    public String monitor() {
        return monitor;
    }

    public double factor() {
        return factor;
    }

    public int patience() {
        return patience;
    }

    public Mode mode() {
        return mode;
    }

    public double minDelta() {
        return minDelta;
    }

    public int cooldown() {
        return cooldown;
    }

    public double minLr() {
        return minLr;
    }

    /** The constructor arguments under Keras' names (without {@code verbose}). */
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("monitor", monitor);
        c.put("factor", factor);
        c.put("patience", patience);
        c.put("mode", mode.keras());
        c.put("min_delta", minDelta);
        c.put("cooldown", cooldown);
        c.put("min_lr", minLr);
        return c;
    }

    /** Rebuilds from {@link #config()}; Keras' {@code verbose} is accepted and ignored. */
    public static ReduceLROnPlateau fromConfig(Map<String, ?> config) {
        ConfigReader r = new ConfigReader(NAME, config);
        Builder b = builder();
        b.monitor(r.string("monitor", b.monitor));
        b.factor(r.number("factor", b.factor));
        b.patience(toInt(r.integer("patience", b.patience), "patience"));
        b.mode(Mode.of(r.string("mode", b.mode.keras())));
        b.minDelta(r.number("min_delta", b.minDelta));
        b.cooldown(toInt(r.integer("cooldown", b.cooldown), "cooldown"));
        b.minLr(r.number("min_lr", b.minLr));
        r.raw("verbose");
        r.finish();
        return b.build();
    }

    private static int toInt(long v, String argument) {
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw Checks.invalid(NAME, argument, "an integer >= 0", v);
        }
        return (int) v;
    }

    @Override
    public String toString() {
        return NAME + config();
    }

    /** Arguments of {@link ReduceLROnPlateau}, with Keras' defaults. */
    public static final class Builder {
        String monitor = "val_loss";
        double factor = 0.1;
        int patience = 10;
        Mode mode = Mode.AUTO;
        double minDelta = 1e-4;
        int cooldown = 0;
        double minLr = 0.0;

        Builder() {
        }

        /** The monitored quantity's name; only {@code auto} mode reads it. */
        public Builder monitor(String monitor) {
            this.monitor = monitor;
            return this;
        }

        /** {@code factor} in [0, 1): {@code new_lr = lr·factor}. */
        public Builder factor(double factor) {
            this.factor = factor;
            return this;
        }

        /** {@code patience}: epochs without improvement before a reduction. */
        public Builder patience(int patience) {
            this.patience = patience;
            return this;
        }

        public Builder mode(Mode mode) {
            this.mode = mode;
            return this;
        }

        /** {@code min_delta} {@code >= 0}: the smallest change that counts as an improvement. */
        public Builder minDelta(double minDelta) {
            this.minDelta = minDelta;
            return this;
        }

        /** {@code cooldown}: epochs after a reduction during which no wait is counted. */
        public Builder cooldown(int cooldown) {
            this.cooldown = cooldown;
            return this;
        }

        /** {@code min_lr} {@code >= 0}: the learning rate is never reduced below it. */
        public Builder minLr(double minLr) {
            this.minLr = minLr;
            return this;
        }

        public ReduceLROnPlateau build() {
            return new ReduceLROnPlateau(this);
        }
    }
}
