package dev.recurrent.cli;

import dev.recurrent.cli.demos.AdditionDemo;
import dev.recurrent.cli.demos.AlphabetDemo;
import dev.recurrent.cli.demos.DatesDemo;
import dev.recurrent.cli.demos.DinnerDemo;
import dev.recurrent.cli.demos.GradientFlowDemo;
import dev.recurrent.cli.demos.GradientsDemo;
import dev.recurrent.cli.demos.ImdbDemo;
import dev.recurrent.cli.demos.SalesDemo;
import dev.recurrent.cli.demos.TextDemo;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code recurrent demo ...}: the experiments, one command each. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Runs one of the built-in experiments.",
        subcommands = {AlphabetDemo.class, DinnerDemo.class, GradientFlowDemo.class, GradientsDemo.class, SalesDemo.class, AdditionDemo.class,
                DatesDemo.class, ImdbDemo.class, TextDemo.class})
public final class DemoCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
