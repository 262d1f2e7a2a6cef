/**
 * From the user's data to tensors and back: the forecast pipeline (difference, scale, window; and the
 * inverse), the token pipeline of {@code train classify}, the symbol pipeline of the alphabet models, the
 * character vocabulary of {@code demo text}, and the sidecar files ({@code X.json} beside {@code X.model})
 * that let {@code predict} apply the same steps to new data.
 *
 * <p>May import {@link dev.recurrent.cli.run} (run directories, {@link dev.recurrent.cli.run.InputError}) and
 * the core; not the commands, the demos or the report.
 */
package dev.recurrent.cli.pipelines;
