package dev.recurrent.io.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A parser's fuzz target. {@code mvn test} runs it on the inputs kept under
 * {@code src/test/resources/<package>/<Class>Inputs/<method>/} (the seeds and every input that once
 * failed); with {@code JAZZER_FUZZ=1} Jazzer fuzzes it for a million inputs or an hour, whichever
 * comes first (docs/reliability.md).
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@FuzzTest(maxExecutions = 1_000_000, maxDuration = "1h")
public @interface ParserFuzzTest {
}
