package dev.recurrent;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The import rules each package's {@code package-info.java} states, held on the compiled classes
 * of the core (tests not included). Every package may use the JDK; what it may use of the library
 * is listed per package below, as its package-info says.
 */
@AnalyzeClasses(packages = "dev.recurrent", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] JDK = {"java..", "javax..", "jdk..", "com.sun.management.."};

    @ArchTest
    static final ArchRule kernelsImportNothingOfTheLibrary =
            onlyTheJdkAnd("kernels");

    @ArchTest
    static final ArchRule onlyKernelsUseTheVectorApi = noClasses()
            .that().resideOutsideOfPackage("dev.recurrent.kernels")
            .should().dependOnClassesThat().resideInAPackage("jdk.incubator.vector..")
            .because("the Vector API is an incubator module, used by the kernels' twin only");

    @ArchTest
    static final ArchRule initImportsOnlyTheJdk = onlyTheJdkAnd("init");

    @ArchTest
    static final ArchRule configImportsOnlyTheJdk = onlyTheJdkAnd("config");

    @ArchTest
    static final ArchRule lossImportsOnlyKernels = onlyTheJdkAnd("loss", "kernels");

    @ArchTest
    static final ArchRule metricsImportOnlyLoss = onlyTheJdkAnd("metrics", "loss");

    @ArchTest
    static final ArchRule layersImportKernelsInitAndConfig = onlyTheJdkAnd("layers", "kernels", "init", "config",
            "regularizers");

    @ArchTest
    static final ArchRule regularizersImportOnlyTheJdk = onlyTheJdkAnd("regularizers");

    @ArchTest
    static final ArchRule attentionImportsLayersKernelsInitAndConfig =
            onlyTheJdkAnd("layers.attention", "layers", "kernels", "init", "config");

    @ArchTest
    static final ArchRule graphImportsLayersAndInit = onlyTheJdkAnd("graph", "layers", "layers.attention", "init");

    @ArchTest
    static final ArchRule optimImportsLayersKernelsAndConfig = onlyTheJdkAnd("optim", "layers", "kernels", "config");

    @ArchTest
    static final ArchRule modelImportsTheRestButData =
            onlyTheJdkAnd("model", "tensor", "layers", "loss", "metrics", "optim", "init", "graph");

    @ArchTest
    static final ArchRule decodingImportsOnlyLayers = onlyTheJdkAnd("decoding", "layers");

    @ArchTest
    static final ArchRule tensorImportsOnlyTheJdk = onlyTheJdkAnd("tensor");

    @ArchTest
    static final ArchRule dataImportsOnlyTensor = onlyTheJdkAnd("data", "tensor");

    @ArchTest
    static final ArchRule nothingImportsModel = noClasses()
            .that().resideOutsideOfPackage("dev.recurrent.model")
            .should().dependOnClassesThat().resideInAPackage("dev.recurrent.model")
            .because("model is the top of the library");

    @ArchTest
    static final ArchRule theCoreImportsNoCliOrIo = noClasses()
            .should().dependOnClassesThat().resideInAnyPackage("dev.recurrent.cli..", "dev.recurrent.io..")
            .because("the core depends on nothing beyond the JDK");

    /** Classes of {@code dev.recurrent.<pkg>} depend only on the JDK, themselves and {@code allowed}. */
    private static ArchRule onlyTheJdkAnd(String pkg, String... allowed) {
        String[] packages = new String[JDK.length + 1 + allowed.length];
        System.arraycopy(JDK, 0, packages, 0, JDK.length);
        packages[JDK.length] = "dev.recurrent." + pkg;
        for (int i = 0; i < allowed.length; i++) {
            packages[JDK.length + 1 + i] = "dev.recurrent." + allowed[i];
        }
        return classes().that().resideInAPackage("dev.recurrent." + pkg)
                .should().onlyDependOnClassesThat().resideInAnyPackage(packages)
                .because("the package-info of " + pkg + " says what it imports");
    }
}
