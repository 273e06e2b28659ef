package vn.communeradio.tests.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test class whose assertions bound how fast things happen (a latency, a callback's time, an underrun count, a
 * rate): surefire runs it in the {@code alone} execution, one class at a time with nothing beside it, so that the
 * machine's load is the machine's and not the suite's. The other system tests mostly wait, and run in parallel
 * forks (tests/pom.xml, docs/testing.md).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(RunsAlone.TAG)
public @interface RunsAlone {

    /** The JUnit tag surefire selects by. */
    String TAG = "alone";
}
