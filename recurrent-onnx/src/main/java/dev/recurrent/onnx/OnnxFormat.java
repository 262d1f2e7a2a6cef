package dev.recurrent.onnx;

import dev.recurrent.io.ModelFormats;

import java.util.List;

/**
 * Adds {@code .onnx} (written, not read) to {@link ModelFormats} when this module is on the class path;
 * run in ONNX Runtime for a parity check when that is on the class path too.
 */
public final class OnnxFormat implements ModelFormats.Provider {
    @Override
    public List<ModelFormats.Format> formats() {
        return List.of(new ModelFormats.Format("onnx", List.of(".onnx"), null, OnnxExport::save,
                OnnxRuntimeRun.available() ? OnnxRuntimeRun::run : null));
    }
}
