/**
 * The plumbing of a run: its directory ({@link dev.recurrent.cli.run.RunDirectory}, and
 * {@link dev.recurrent.cli.run.StagedDirectory} for all-or-nothing training output), Ctrl-C
 * ({@link dev.recurrent.cli.run.GracefulStop}), the per-epoch progress lines, durations, process
 * statistics, the errors that name bad input, and {@link dev.recurrent.cli.run.KernelsBanner}, the one
 * place the command line asks the kernels what they are.
 *
 * <p>Imports nothing else of the command line: only the core and the JDK.
 */
package dev.recurrent.cli.run;
