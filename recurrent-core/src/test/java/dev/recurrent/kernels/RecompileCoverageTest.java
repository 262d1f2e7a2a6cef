package dev.recurrent.kernels;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link Recompile} can only replace compiled code that runs into {@link Recompile#check()}: a
 * method that works with vectors and does not call it would keep code compiled before a
 * recompilation was asked for (boxed vectors included). Holds that every such method calls it.
 */
class RecompileCoverageTest {

    private static final String SPECIES = "jdk.incubator.vector.VectorSpecies";
    private static JavaClasses kernels;

    @BeforeAll
    static void importKernels() {
        Assumptions.assumeTrue(KernelsProvider.vector().isPresent(),
                "the Vector API is absent (run with --add-modules jdk.incubator.vector)");
        kernels = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.recurrent.kernels");
    }

    @Test
    void everyMethodThatComputesWithVectorsStartsWithTheCheck() {
        methods().that(useTheVectorApi()).should(callRecompileCheck()).check(kernels);
    }

    @Test
    void theRuleSeesTheVectorKernels() {
        // not vacuous: the gate kernels are found to compute with vectors, the species' name is not
        assertTrue(useTheVectorApi().test(kernels.get(VectorGates.class).getMethod("add",
                int.class, float[].class, int.class, float[].class, int.class)));
        assertFalse(useTheVectorApi().test(kernels.get(VectorKernels.class).getMethod("name")));
    }

    private static DescribedPredicate<JavaMethod> useTheVectorApi() {
        return DescribedPredicate.describe("compute with jdk.incubator.vector",
                m -> m.getMethodCallsFromSelf().stream().anyMatch(c -> c.getTargetOwner().getPackageName()
                        .equals("jdk.incubator.vector") && !c.getTargetOwner().getName().equals(SPECIES)));
    }

    private static ArchCondition<JavaMethod> callRecompileCheck() {
        return new ArchCondition<>("call Recompile.check()") {
            @Override
            public void check(JavaMethod method, ConditionEvents events) {
                boolean calls = method.getMethodCallsFromSelf().stream().anyMatch(c ->
                        c.getTargetOwner().isEquivalentTo(Recompile.class) && c.getName().equals("check"));
                if (!calls) {
                    events.add(SimpleConditionEvent.violated(method, method.getFullName()
                            + " uses the Vector API without calling Recompile.check()"));
                }
            }
        };
    }
}
