package dev.recurrent.cli;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The package rules of the command line (see each package's {@code package-info.java}): the commands use
 * everything below them; demos use pipelines, report and run; pipelines and report use only run; run uses
 * nothing else of the command line; only {@code KernelsBanner} and the benchmark ask the kernels directly.
 */
class CliArchitectureTest {
    private static final String COMMANDS = "dev.recurrent.cli";
    private static final String DEMOS = "dev.recurrent.cli.demos..";
    private static final String PIPELINES = "dev.recurrent.cli.pipelines..";
    private static final String REPORT = "dev.recurrent.cli.report..";
    private static final String RUN = "dev.recurrent.cli.run..";

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.recurrent.cli");
    }

    @Test
    void theClassesAreThere() {
        for (String p : new String[] {"demos", "pipelines", "report", "run"}) {
            assertFalse(classes.stream().noneMatch(c -> c.getPackageName().equals("dev.recurrent.cli." + p)), p);
        }
    }

    @Test
    void runUsesNothingElseOfTheCommandLine() {
        rule(noClasses().that().resideInAPackage(RUN)
                .should().dependOnClassesThat().resideInAnyPackage(COMMANDS, DEMOS, PIPELINES, REPORT));
    }

    @Test
    void reportUsesOnlyRun() {
        rule(noClasses().that().resideInAPackage(REPORT)
                .should().dependOnClassesThat().resideInAnyPackage(COMMANDS, DEMOS, PIPELINES));
    }

    @Test
    void pipelinesUseOnlyRun() {
        rule(noClasses().that().resideInAPackage(PIPELINES)
                .should().dependOnClassesThat().resideInAnyPackage(COMMANDS, DEMOS, REPORT));
    }

    @Test
    void demosDoNotUseTheCommands() {
        rule(noClasses().that().resideInAPackage(DEMOS)
                .should().dependOnClassesThat().resideInAPackage(COMMANDS));
    }

    @Test
    void onlyKernelsBannerAndTheBenchmarkAskTheKernels() {
        rule(noClasses().that().resideInAPackage("dev.recurrent.cli..")
                .and().doNotHaveSimpleName("KernelsBanner")
                .and().doNotHaveSimpleName("BenchCommand").and().doNotHaveSimpleName("BenchWorkload")
                .should().dependOnClassesThat().resideInAPackage("dev.recurrent.kernels.."));
    }

    private static void rule(ArchRule rule) {
        rule.check(classes);
    }
}
