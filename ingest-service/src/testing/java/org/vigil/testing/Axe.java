package org.vigil.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The axe-core accessibility engine (from npm, pinned by a package-lock, installed with npm ci into target/ on first
 * use), run in a page open in {@link HeadlessChromium}: the serious and critical violations it finds.
 */
public final class Axe {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static String script;

    private Axe() {
    }

    /** Installs axe-core from {@code packageDir} (package.json and package-lock.json) once per build; answers its script. */
    public static synchronized String script(Path packageDir) throws IOException, InterruptedException {
        if (script != null) return script;
        Path target = Path.of("target/page-checks").toAbsolutePath();
        Files.createDirectories(target);
        for (String file : List.of("package.json", "package-lock.json")) {
            Files.copy(packageDir.resolve(file), target.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        Path axe = target.resolve("node_modules/axe-core/axe.min.js");
        if (!Files.exists(axe)) {
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts").directory(target.toFile())
                    .redirectErrorStream(true).start();
            String out = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!npm.waitFor(300, TimeUnit.SECONDS) || npm.exitValue() != 0) throw new IllegalStateException("npm ci failed:\n" + out);
        }
        script = Files.readString(axe);
        return script;
    }

    /** The serious and critical violations in the page now open: "rule: what it asks (where)", one a line. */
    public static List<String> seriousViolations(HeadlessChromium chromium, String script) throws Exception {
        chromium.eval(script + "; 'loaded'");
        String found = chromium.eval("axe.run(document, {resultTypes: ['violations']}).then(r => JSON.stringify(r.violations"
                + ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
                + ".map(v => v.id + ': ' + v.help + ' (' + v.nodes.map(n => n.target.join(' ')).slice(0, 5).join(', ') + ')')))", true);
        List<String> out = new ArrayList<>();
        if (found == null) throw new IllegalStateException("axe did not run in the page");
        for (JsonNode v : JSON.readTree(found)) out.add(v.asText());
        return out;
    }
}
