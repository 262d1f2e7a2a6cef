/**
 * The {@code recurrent} command line: the picocli commands ({@link dev.recurrent.cli.RecurrentCommand} and its
 * subcommands {@code demo}, {@code train}, {@code predict}, {@code inspect}, {@code summary}, {@code generate},
 * {@code bench}), their shared option mixins, the help layout and the error handlers that turn bad input into
 * one line {@code error: ...} and exit code 2.
 *
 * <p>The layers below it, each in its own package: {@link dev.recurrent.cli.demos} (the experiments),
 * {@link dev.recurrent.cli.pipelines} (data to tensors and back, and the sidecar files),
 * {@link dev.recurrent.cli.report} (charts and the HTML report) and {@link dev.recurrent.cli.run} (run
 * directories, Ctrl-C, progress, timing). This package may use all of them; none of them uses this one
 * ({@code CliArchitectureTest} holds the rules).
 */
package dev.recurrent.cli;
