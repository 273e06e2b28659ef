package vn.communeradio.gateway.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The order of Debian versions: Debian Policy 5.6.12's own examples and rules, then dpkg's verdict on every pair
 * of a list (the root step asks dpkg, so the service must never disagree with it).
 */
class DebianVersionTest {

    /** Each list is in Policy's order, earliest first. */
    private static void inOrder(String... versions) {
        for (int i = 0; i < versions.length; i++) {
            for (int j = 0; j < versions.length; j++) {
                int expected = Integer.compare(i, j);
                assertEquals(expected, Integer.signum(DebianVersion.compare(versions[i], versions[j])),
                        versions[i] + " vs " + versions[j]);
            }
        }
    }

    private static void same(String a, String b) {
        assertEquals(0, DebianVersion.compare(a, b), a + " vs " + b);
        assertEquals(0, DebianVersion.compare(b, a), b + " vs " + a);
    }

    @Test
    void aTildeSortsBeforeAnythingEvenTheEndAndLettersBeforeOtherCharacters() {
        // Policy: the parts "~~", "~~a", "~", the empty part, "a" are in sorted order
        inOrder("1.0~~", "1.0~~a", "1.0~", "1.0", "1.0a");
        // Policy's footnote: pre-releases with "~"
        inOrder("1.0~beta1~svn1245", "1.0~beta1", "1.0");
        // letters before non-letters, which keep their ASCII order ('+' is 43, '.' is 46)
        inOrder("1.0a1", "1.0+1", "1.0.1");
        inOrder("1.0Z", "1.0a");
        inOrder("1.0~rc1", "1.0", "1.0+b1", "1.0.1");
    }

    @Test
    void digitRunsCompareByValue() {
        inOrder("1.9", "1.10", "1.100", "2");
        same("1.000.3", "1.0.3");
        same("01", "1");
        inOrder("1.99999999999999999999998", "1.99999999999999999999999");
    }

    @Test
    void theEpochComesFirstAndIsZeroWhenOmitted() {
        inOrder("9.9", "1:0.1", "1:0.2", "2:0.0", "10:0.0");
        same("0:1.0", "1.0");
        same("00:1.0", "0:1.0");
    }

    @Test
    void theRevisionFollowsTheLastHyphenAndIsZeroWhenAbsent() {
        same("1.0", "1.0-0"); // Policy: no revision is the same as revision "0"
        inOrder("1.0-0", "1.0-1", "1.0-1.1", "1.0-2", "1.0-10");
        // split at the last hyphen: upstream "1.0-1", revision "2"
        assertEquals(new DebianVersion("0", "1.0-1", "2"), DebianVersion.of("1.0-1-2"));
        assertEquals(new DebianVersion("3", "2.1", "0"), DebianVersion.of("3:2.1"));
        inOrder("1.0-9", "1.0-1-1"); // the upstream part decides before any revision
    }

    @Test
    void policysVersionConventionsSortAsPolicySays() {
        // stable updates of a non-native package, and one based on a newer unstable upload
        inOrder("1.4-5", "1.4-5+deb10u1", "1.4-5+deb10u2", "1.5-0+deb10u1", "1.5-1~deb10u1", "1.5-1~deb10u2", "1.5-1");
        // native stable updates sort before the next unstable version and a later release's update
        inOrder("1.4", "1.4+deb10u1", "1.4+deb10u2", "1.4+deb11u1", "1.5");
        // a backport sorts before the version it backports
        inOrder("1.4-5+deb10u1~bpo9u1", "1.4-5+deb10u1");
        // "+really" goes back to an older upstream yet sorts after what it replaces
        inOrder("2.3-3", "2.3+really2.2-1", "2.4-1");
        // non-maintainer and binary-only uploads
        inOrder("1.0-1", "1.0-1+b1", "1.0-1.1", "1.0-2");
        inOrder("1.0", "1.0+nmu1", "1.0+nmu2", "1.1");
    }

    @Test
    void anyTextHasAPlaceSoADevelopmentBuildCanCompare() {
        assertTrue(DebianVersion.compare("dev", "1.0") != 0);
        assertEquals(0, DebianVersion.compare("dev", "dev"));
        assertEquals(new DebianVersion("0", "x:1", "0"), DebianVersion.of("x:1"));
        assertTrue(DebianVersion.compare("1:", "1.0") > 0);
    }

    @Test
    void theSyntaxIsPolicysWithTheReason() {
        for (String good : List.of("1.0", "0.1.0~snapshot20261129070236", "1:2.0-1", "1.0-1-2", "2.3+really2.2-1",
                "1.0~rc1-0+deb12u1", "2147483647:1")) {
            assertNull(DebianVersion.syntaxProblem(good), good);
        }
        problem("", "empty");
        problem(null, "empty");
        problem("a:1.0", "epoch");
        problem(":1.0", "epoch");
        problem("2147483648:1.0", "larger than 2147483647");
        problem("99999999999999999999:1.0", "larger than");
        problem("1:", "start with a digit");
        problem("dev", "start with a digit");
        problem("1.0-", "revision after the last '-' is empty");
        problem("1:2:3", "upstream version may hold only");
        problem("1.0_1", "upstream version may hold only");
        problem("1.0 1", "upstream version may hold only");
        problem("1.0-1:2", "epoch"); // the first colon ends the epoch
        problem("1.0-a/b", "revision may hold only");
    }

    private static void problem(String version, String fragment) {
        String problem = DebianVersion.syntaxProblem(version);
        assertNotNull(problem, version);
        assertTrue(problem.contains(fragment), version + ": " + problem);
    }

    /** Versions of this project's own history and of Policy's conventions, compared pairwise by dpkg. */
    private static final List<String> VERSIONS = List.of("0.1.0~snapshot20261129070236",
            "0.1.0~snapshot20261129070236+next", "0.1.0", "0.1.0+next", "0.1.0-1", "0.1.0-1.1", "0.1.1~rc1", "0.1.1",
            "0.1.10", "0.2", "0.10.0", "1.0~~", "1.0~~a", "1.0~", "1.0", "1.0a", "1.0A", "1.0.0", "1.0+", "1:0.0.1",
            "2:0.1", "1.0-0", "1.0-a", "1.0+b1", "1.000.3", "1.0-1-2", "1.4-5+deb10u1~bpo9u1", "2.3+really2.2-1");

    @Test
    void ordersAsDpkgDoes() throws Exception {
        for (String a : VERSIONS) {
            for (String b : VERSIONS) {
                assertEquals(dpkg(a, b), Integer.signum(DebianVersion.compare(a, b)), a + " vs " + b);
            }
        }
    }

    private static int dpkg(String a, String b) throws Exception {
        if (dpkgSays(a, "lt", b)) {
            return -1;
        }
        return dpkgSays(a, "eq", b) ? 0 : 1;
    }

    private static boolean dpkgSays(String a, String relation, String b) throws Exception {
        Process dpkg;
        try {
            dpkg = new ProcessBuilder("dpkg", "--compare-versions", a, relation, b).inheritIO().start();
        } catch (IOException e) {
            return fail("this test checks the order against dpkg's: install dpkg (any Debian system has it): " + e);
        }
        if (!dpkg.waitFor(30, TimeUnit.SECONDS)) {
            dpkg.destroyForcibly();
            fail("dpkg --compare-versions " + a + " " + relation + " " + b + " did not answer in 30 s");
        }
        return dpkg.exitValue() == 0;
    }
}
