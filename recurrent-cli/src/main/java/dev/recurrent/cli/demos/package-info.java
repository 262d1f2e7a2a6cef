/**
 * The experiments of {@code recurrent demo}, one command a file ({@code AlphabetDemo}, {@code DinnerDemo}, ...),
 * each reading as its experiment: data, model, fit, results, pictures. What they all do around it (the run
 * directory, the report's closing settings, the banner, the clock, Ctrl-C and saving) is
 * {@link dev.recurrent.cli.demos.DemoSession}; their shared options are {@link dev.recurrent.cli.demos.DemoOptions}.
 *
 * <p>May import {@link dev.recurrent.cli.pipelines}, {@link dev.recurrent.cli.report} and
 * {@link dev.recurrent.cli.run}; not the commands of {@link dev.recurrent.cli}.
 */
package dev.recurrent.cli.demos;
