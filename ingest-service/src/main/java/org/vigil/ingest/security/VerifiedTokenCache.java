package org.vigil.ingest.security;

import java.time.Clock;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.vigil.access.TrustedTokens;

/**
 * Verifies bearer tokens like Quarkus's own SmallRye JWT validator (same parser, same configuration: issuer, key,
 * roles claim; and the web app's OIDC provider when {@code vigil.oidc.issuer} names one: {@link org.vigil.access.TrustedIssuers}), and remembers a token that verified for a short while ({@code vigil.jwt.cache-seconds}, {@code VIGIL_JWT_CACHE_SECONDS}, default 60;
 * never beyond its expiry; 0 turns it off). A client sends the same token with every request until it expires, and
 * checking its RSA signature each time was a quarter of ingest-service's CPU under load (docs/benchmarks.md). The key
 * is the whole token as sent, so only the very bytes that verified are taken on trust; a key withdrawn by the issuer
 * stops being honoured within the cache period. It takes precedence over the built-in validator (higher priority).
 * The cache is Caffeine's (bounded, each entry expiring at its own moment), not a map of ours.
 */
@jakarta.inject.Singleton
public class VerifiedTokenCache extends TrustedTokens {

    private static final int MAX_ENTRIES = 10_000;

    private record Verified(JsonWebToken token, Instant until) {
    }

    private final long seconds;
    private final Clock clock = Clock.systemUTC();
    private final Cache<String, Verified> verified = Caffeine.newBuilder()
            .maximumSize(MAX_ENTRIES)
            .expireAfter(Expiry.creating((String raw, Verified v) -> java.time.Duration.between(Instant.now(), v.until())))
            .build();
    private final java.util.concurrent.atomic.AtomicLong verifications = new java.util.concurrent.atomic.AtomicLong();

    public VerifiedTokenCache(JWTParser parser, JWTAuthContextInfo configured, org.vigil.ingest.config.IngestConfig config) {
        super(parser, configured, config.oidc().issuer());
        this.seconds = config.jwt().cacheSeconds();
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        if (fromOidcSession(request)) return Uni.createFrom().nullItem();
        String raw = request.getToken().getToken();
        Verified hit = verified.getIfPresent(raw);
        if (hit != null && clock.instant().isBefore(hit.until())) {
            return Uni.createFrom().item(identity(hit.token(), request));
        }
        // A miss may fetch the issuer's keys (a JWKS URL): off the event loop.
        return context.runBlocking(() -> identity(verify(raw), request));
    }

    /** How many signature checks were made (for tests). */
    long verifications() {
        return verifications.get();
    }

    private JsonWebToken verify(String raw) {
        verifications.incrementAndGet();
        JsonWebToken token = verified(raw);
        if (seconds > 0) {
            Instant until = clock.instant().plusSeconds(seconds);
            Instant expiry = Instant.ofEpochSecond(token.getExpirationTime());
            if (expiry.isBefore(until)) until = expiry; // within the parser's clock skew, an expired token is checked each time
            verified.put(raw, new Verified(token, until));
        }
        return token;
    }
}
