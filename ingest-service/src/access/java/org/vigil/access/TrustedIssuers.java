package org.vigil.access;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The issuers whose bearer tokens a service takes: the one configured with {@code mp.jwt.verify.*} (in production
 * the organisation's OIDC provider; in tests and local scripts a key of our own) and, when {@code vigil.oidc.issuer}
 * names one, the OpenID Connect provider the web app signs people in with (locally, Keycloak). A token is verified
 * with the keys and the issuer of the one its {@code iss} claim names, never with the other's: its claim only picks
 * which check it must pass. The provider's keys come from its published JWK set ({@code jwks_uri} of its discovery
 * document, read once when its first token arrives, then refreshed by SmallRye JWT as keys rotate).
 *
 * <p>{@link #parse} may fetch keys over the network: call it off the event loop.
 */
public final class TrustedIssuers {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JWTParser parser;
    private final JWTAuthContextInfo primary;
    private final String provider;
    private volatile JWTAuthContextInfo providerContext;

    /** {@code providerIssuer}: the OIDC provider's issuer, exactly as its tokens carry it; empty: only the configured one. */
    public TrustedIssuers(JWTParser parser, JWTAuthContextInfo primary, Optional<String> providerIssuer) {
        this.parser = parser;
        this.primary = primary;
        this.provider = providerIssuer.filter(s -> !s.isBlank()).map(s -> s.endsWith("/") ? s.substring(0, s.length() - 1) : s).orElse(null);
    }

    /** The provider's issuer when one is trusted besides the configured issuer. */
    public Optional<String> provider() {
        return Optional.ofNullable(provider);
    }

    /** The verified token, or a {@link ParseException} naming why it was refused. */
    public JsonWebToken parse(String raw) throws ParseException {
        if (provider != null && !provider.equals(primary.getIssuedBy()) && provider.equals(claimedIssuer(raw))) {
            return parser.parse(raw, providerContext());
        }
        return parser.parse(raw);
    }

    private JWTAuthContextInfo providerContext() throws ParseException {
        JWTAuthContextInfo context = providerContext;
        if (context != null) return context;
        synchronized (this) {
            if (providerContext == null) {
                JWTAuthContextInfo made = new JWTAuthContextInfo(jwksUri(), provider);
                made.setGroupsPath(primary.getGroupsPath());
                made.setExpGracePeriodSecs(primary.getExpGracePeriodSecs());
                made.setMaxTimeToLiveSecs(primary.getMaxTimeToLiveSecs());
                providerContext = made;
            }
            return providerContext;
        }
    }

    private String jwksUri() throws ParseException {
        URI discovery = URI.create(provider + "/.well-known/openid-configuration");
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(discovery).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode jwks = answer.statusCode() == 200 ? JSON.readTree(answer.body()).get("jwks_uri") : null;
            if (jwks == null || !jwks.isTextual()) {
                throw new ParseException("the OIDC provider " + provider + " published no jwks_uri (HTTP " + answer.statusCode() + ")");
            }
            return jwks.asText();
        } catch (IOException e) {
            throw new ParseException("the OIDC provider " + provider + " could not be reached: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ParseException("interrupted while reading the OIDC provider's keys", e);
        }
    }

    /** The {@code iss} claim as the token states it, before any check (null when it has none or is no JWT). */
    static String claimedIssuer(String raw) {
        int first = raw.indexOf('.');
        int second = first < 0 ? -1 : raw.indexOf('.', first + 1);
        if (second < 0) return null;
        try {
            JsonNode claims = JSON.readTree(new String(Base64.getUrlDecoder().decode(raw.substring(first + 1, second)), StandardCharsets.UTF_8));
            JsonNode iss = claims == null ? null : claims.get("iss");
            return iss != null && iss.isTextual() ? iss.asText() : null;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }
}
