package org.vigil.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The real OIDC provider of the local infrastructure (Keycloak, started by deploy/local/infra.sh with the `vigil`
 * realm): its issuer, and tokens of its local users, got as deploy/local/token.sh gets them (the password grant of
 * the public `vigil-cli` client, with the password made at first start in the secrets folder).
 */
public final class Keycloak {

    private Keycloak() {
    }

    /** The provider's issuer, as infra.sh wrote it into infra.env; null when none runs (Testcontainers, or VIGIL_KEYCLOAK=off). */
    public static String issuer(Map<String, String> env) {
        String issuer = env.get("VIGIL_OIDC_ISSUER");
        return issuer == null || issuer.isBlank() ? null : issuer;
    }

    /** The password of the local user {@code user} (recorder, analyst, viewer or admin). */
    public static String password(Map<String, String> env, String user) {
        return secret(env, "keycloak-" + user);
    }

    /** A secret infra.sh made at first start (in the state folder's secrets/), e.g. keycloak-web-client. */
    public static String secret(Map<String, String> env, String name) {
        try {
            return Files.readString(stateDir(env).resolve("secrets/" + name)).strip();
        } catch (IOException e) {
            throw new IllegalStateException("no secret " + name + " in the state folder", e);
        }
    }

    /** An access token of the local user {@code user}, from the provider's token endpoint. */
    public static String accessToken(Map<String, String> env, String user) {
        String issuer = issuer(env);
        if (issuer == null) throw new IllegalStateException("no OIDC provider runs (VIGIL_OIDC_ISSUER is not set)");
        String form = "grant_type=password&client_id=vigil-cli&scope=openid&username=" + enc(user) + "&password=" + enc(password(env, user));
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(issuer + "/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) throw new IllegalStateException("Keycloak refused a token for " + user + ": " + answer.body());
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(answer.body()).path("access_token").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Signs in to the web app at {@code page} through the provider's real login page, as the local user {@code user},
     * and waits until the app shows that user signed in. Fails (IllegalStateException) when any step does not happen.
     */
    public static void signIn(HeadlessChromium chromium, Map<String, String> env, String page, String user) throws Exception {
        chromium.open(page);
        waitFor(chromium, "document.getElementById('username') ? 'login' : location.href", "login");
        if (!chromium.eval("location.href").startsWith(issuer(env))) throw new IllegalStateException("the login page is not the provider's");
        chromium.eval("document.getElementById('username').value = " + quote(user) + ";"
                + "document.getElementById('password').value = " + quote(password(env, user)) + ";"
                + "document.getElementById('kc-form-login').submit(); 'ok'");
        waitFor(chromium, "document.getElementById('user') ? document.getElementById('user').textContent : ''", user);
    }

    private static void waitFor(HeadlessChromium chromium, String expression, String expected) throws Exception {
        String seen = chromium.waitFor(expression, expected, java.time.Duration.ofSeconds(20));
        if (!expected.equals(seen)) {
            throw new IllegalStateException(expression + " is " + seen + ", not " + expected + "; the page: "
                    + chromium.eval("location.href + ' | ' + document.title + ' | ' + (document.body ? document.body.innerText.slice(0, 300) : '')"));
        }
    }

    /** A JavaScript string literal of {@code s}. */
    private static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') out.append('\\').append(c);
            else if (c < 0x20 || c > 0x7e) out.append(String.format("\\u%04x", (int) c));
            else out.append(c);
        }
        return out.append('"').toString();
    }

    private static Path stateDir(Map<String, String> env) {
        String dir = env.get("VIGIL_STATE_DIR");
        return Path.of(dir == null || dir.isBlank() ? "/var/tmp/vigil" : dir);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
