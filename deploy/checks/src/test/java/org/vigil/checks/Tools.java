package org.vigil.checks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the command-line tools the checks need: kubectl (Kustomize) and Node with the validators of package.json. */
final class Tools {

    /** deploy/checks, where Maven runs the tests. */
    static final Path CHECKS = Path.of("").toAbsolutePath();
    static final Path ROOT = CHECKS.getParent().getParent();

    private static boolean installed;

    private Tools() {
    }

    record Result(int exitCode, String output) {
    }

    static Result run(Path dir, Path stdin, String... command) {
        try {
            ProcessBuilder pb = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true);
            if (stdin != null) pb.redirectInput(stdin.toFile());
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in 300 s");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + command[0] + " (is it installed? deploy/local/test.sh "
                    + "installs Node.js; kubectl renders the overlays): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** npm ci once per build when node_modules is missing or older than the lock file. */
    static synchronized void ensureNodePackages() throws IOException {
        if (installed) return;
        Path marker = CHECKS.resolve("node_modules/.package-lock.json");
        Path lock = CHECKS.resolve("package-lock.json");
        if (!Files.exists(marker) || Files.getLastModifiedTime(marker).compareTo(Files.getLastModifiedTime(lock)) < 0) {
            Result r = run(CHECKS, null, "npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts");
            if (r.exitCode() != 0) throw new IllegalStateException("npm ci failed:\n" + r.output());
        }
        installed = true;
    }

    /** kubectl kustomize DIR, written to a file under target/. */
    static Path render(Path kustomization, String name) throws IOException {
        Result r = run(CHECKS, null, "kubectl", "kustomize", kustomization.toString());
        if (r.exitCode() != 0) throw new IllegalStateException("kubectl kustomize " + kustomization + " failed:\n" + r.output());
        Path out = CHECKS.resolve("target/rendered/" + name + ".yaml");
        Files.createDirectories(out.getParent());
        Files.writeString(out, r.output());
        return out;
    }

    static Result validateManifests(Path rendered) throws IOException {
        ensureNodePackages();
        return run(CHECKS, null, "node", "validate-manifests.mjs", rendered.toString());
    }

    static Result validateAsyncApi(Path document) throws IOException {
        ensureNodePackages();
        return run(CHECKS, null, "node", "validate-asyncapi.mjs", document.toString());
    }

    static List<String> lines(String output, String prefix) {
        List<String> found = new ArrayList<>();
        for (String line : output.split("\n")) if (line.startsWith(prefix)) found.add(line);
        return found;
    }
}
