package org.vigil.access;

import java.util.Optional;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Verifies bearer tokens from every {@link TrustedIssuers trusted issuer}, before Quarkus's own SmallRye JWT validator
 * (which knows only the configured one). A service makes it a bean by extending it.
 */
public abstract class TrustedTokens implements IdentityProvider<TokenAuthenticationRequest> {

    private final TrustedIssuers issuers;

    protected TrustedTokens(JWTParser parser, JWTAuthContextInfo configured, Optional<String> providerIssuer) {
        this.issuers = new TrustedIssuers(parser, configured, providerIssuer);
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
        if (fromOidcSession(request)) return Uni.createFrom().nullItem();
        // the provider's first token fetches its keys: off the event loop
        return context.runBlocking(() -> identity(verified(request.getToken().getToken()), request));
    }

    /**
     * Whether the token is one of quarkus-oidc's own (the ID and access tokens of a web app's session, where the web
     * app runs): those are left to quarkus-oidc, which keeps the session's tokens with the identity. Only bearer
     * tokens sent by callers are this class's.
     */
    protected static boolean fromOidcSession(TokenAuthenticationRequest request) {
        return request.getToken().getClass().getName().startsWith("io.quarkus.oidc.");
    }

    /** The verified token, or an {@link AuthenticationFailedException}. */
    protected JsonWebToken verified(String raw) {
        try {
            return issuers.parse(raw);
        } catch (ParseException e) {
            throw new AuthenticationFailedException(e);
        }
    }

    /** The caller as a security identity: the token as principal, its groups as roles. */
    protected static SecurityIdentity identity(JsonWebToken token, TokenAuthenticationRequest request) {
        QuarkusSecurityIdentity.Builder builder = QuarkusSecurityIdentity.builder().setPrincipal(token)
                .addCredential(request.getToken()).addRoles(token.getGroups()).addAttribute("quarkus.user", token);
        RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (routing != null) builder.addAttribute(RoutingContext.class.getName(), routing);
        return builder.build();
    }
}
