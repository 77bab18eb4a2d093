package org.vigil.ingest.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.vigil.ingest.testing.LocalInfra;

/**
 * The verification snippets of docs/webhooks.md, run as written against a delivery Vigil signed: they accept it,
 * and refuse it once one byte of the body changes. Signature itself round-trips and compares in constant time.
 */
class SignatureDocsTest {

    private static final String SECRET = Signature.newSecret();
    private static final String ID = "5b0e6f0e-1c53-3c5e-9a61-0b1f3c1f2a77";
    private static final long TIMESTAMP = 1_796_256_000L;
    private static final byte[] BODY = "{\"type\":\"vigil.attack.recorded.v2\",\"data\":{\"place\":\"Camp Ashraf, اشرف\"}}"
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void a_signature_verifies_and_a_changed_body_or_secret_does_not() {
        String header = Signature.sign(SECRET, ID, TIMESTAMP, BODY);
        assertThat(header).startsWith("v1,");
        assertThat(Signature.verify(SECRET, ID, TIMESTAMP, BODY, "v1,bogus " + header)).isTrue();
        byte[] changed = BODY.clone();
        changed[5] ^= 1;
        assertThat(Signature.verify(SECRET, ID, TIMESTAMP, changed, header)).isFalse();
        assertThat(Signature.verify(Signature.newSecret(), ID, TIMESTAMP, BODY, header)).isFalse();
        assertThat(Signature.verify(SECRET, ID, TIMESTAMP + 1, BODY, header)).isFalse();
        assertThat(Signature.wellFormed(SECRET)).isTrue();
        assertThat(Signature.wellFormed("whsec_c2hvcnQ=")).isFalse();
        assertThat(Signature.wellFormed("hunter2")).isFalse();
    }

    @Test
    void the_python_snippet_in_the_docs_verifies_a_delivery() throws Exception {
        String snippet = block("python");
        String setup = "secret = " + quoted(SECRET) + "\nmsg_id = " + quoted(ID) + "\ntimestamp = " + quoted(Long.toString(TIMESTAMP))
                + "\nimport sys\nbody = sys.stdin.buffer.read()\nsignature = " + quoted(Signature.sign(SECRET, ID, TIMESTAMP, BODY)) + "\n";
        assertThat(run(List.of("python3", "-c", setup + snippet + "\nprint(ok)"), BODY)).isEqualTo("True");
        byte[] changed = BODY.clone();
        changed[5] ^= 1;
        assertThat(run(List.of("python3", "-c", setup + snippet + "\nprint(ok)"), changed)).isEqualTo("False");
    }

    @Test
    void the_javascript_snippet_in_the_docs_verifies_a_delivery() throws Exception {
        Assumptions.assumeTrue(onPath("node"), "node is not installed here");
        String snippet = block("js");
        String setup = "const secret = " + quoted(SECRET) + ";\nconst msg_id = " + quoted(ID) + ";\nconst timestamp = "
                + quoted(Long.toString(TIMESTAMP)) + ";\nconst body = require('fs').readFileSync(0);\nconst signature = "
                + quoted(Signature.sign(SECRET, ID, TIMESTAMP, BODY)) + ";\n";
        assertThat(run(List.of("node", "-e", setup + snippet + "\nconsole.log(ok)"), BODY)).isEqualTo("true");
        byte[] changed = BODY.clone();
        changed[5] ^= 1;
        assertThat(run(List.of("node", "-e", setup + snippet + "\nconsole.log(ok)"), changed)).isEqualTo("false");
    }

    /** The code block of this language in docs/webhooks.md's section on verifying. */
    private static String block(String language) throws Exception {
        String doc = Files.readString(LocalInfra.repoRoot().resolve("docs/webhooks.md"));
        String section = doc.substring(doc.indexOf("## Verifying a delivery"));
        Matcher m = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(section);
        assertThat(m.find()).as("a ```%s block in docs/webhooks.md", language).isTrue();
        return m.group(1);
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String run(List<String> command, byte[] stdin) throws Exception {
        Process p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(stdin);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, program))) return true;
        }
        return false;
    }
}
