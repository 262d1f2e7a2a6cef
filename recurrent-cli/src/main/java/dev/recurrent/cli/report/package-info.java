/**
 * What a run leaves to look at: {@link dev.recurrent.cli.report.HtmlReport} ({@code report.html}),
 * {@link dev.recurrent.cli.report.Plots} (XChart PNG charts), the gate heat maps, and the axis helpers
 * (tick labels, log axes, dates of a series).
 *
 * <p>May import {@link dev.recurrent.cli.run} and the core; not the commands, the demos or the pipelines.
 */
package dev.recurrent.cli.report;
