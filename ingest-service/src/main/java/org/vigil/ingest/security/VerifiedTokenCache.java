package org.vigil.ingest.security;

import java.time.Clock;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Verifies bearer tokens like Quarkus's own SmallRye JWT validator (same parser, same configuration: issuer, key,
 * roles claim), and remembers a token that verified for a short while ({@code vigil.jwt.cache-seconds}, {@code VIGIL_JWT_CACHE_SECONDS}, default 60;
 * never beyond its expiry; 0 turns it off). A client sends the same token with every request until it expires, and
 * checking its RSA signature each time was a quarter of ingest-service's CPU under load (docs/benchmarks.md). The key
 * is the whole token as sent, so only the very bytes that verified are taken on trust; a key withdrawn by the issuer
 * stops being honoured within the cache period. It takes precedence over the built-in validator (higher priority).
 * The cache is Caffeine's (bounded, each entry expiring at its own moment), not a map of ours.
 */
@ApplicationScoped
public class VerifiedTokenCache implements IdentityProvider<TokenAuthenticationRequest> {

    private static final int MAX_ENTRIES = 10_000;

    private record Verified(JsonWebToken token, Instant until) {
    }

    private final JWTParser parser;
    private final long seconds;
    private final Clock clock = Clock.systemUTC();
    private final Cache<String, Verified> verified = Caffeine.newBuilder()
            .maximumSize(MAX_ENTRIES)
            .expireAfter(Expiry.creating((String raw, Verified v) -> java.time.Duration.between(Instant.now(), v.until())))
            .build();
    private final java.util.concurrent.atomic.AtomicLong verifications = new java.util.concurrent.atomic.AtomicLong();

    public VerifiedTokenCache(JWTParser parser, org.vigil.ingest.config.IngestConfig config) {
        this.parser = parser;
        this.seconds = config.jwt().cacheSeconds();
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /** Before the built-in validator, which has the default priority (providers run from the highest down). */
    @Override
    public int priority() {
        return IdentityProvider.super.priority() + 100;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
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
        JsonWebToken token;
        verifications.incrementAndGet();
        try {
            token = parser.parse(raw);
        } catch (ParseException e) {
            throw new AuthenticationFailedException(e);
        }
        if (seconds > 0) {
            Instant until = clock.instant().plusSeconds(seconds);
            Instant expiry = Instant.ofEpochSecond(token.getExpirationTime());
            if (expiry.isBefore(until)) until = expiry; // within the parser's clock skew, an expired token is checked each time
            verified.put(raw, new Verified(token, until));
        }
        return token;
    }

    private static SecurityIdentity identity(JsonWebToken token, TokenAuthenticationRequest request) {
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder().setPrincipal(token)
                .addCredential(request.getToken()).addRoles(token.getGroups()).addAttribute("quarkus.user", token);
        RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (routing != null) builder.addAttribute(RoutingContext.class.getName(), routing);
        return builder.build();
    }
}
