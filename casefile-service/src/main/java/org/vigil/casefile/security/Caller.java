package org.vigil.casefile.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.vigil.access.Confidentiality;

/**
 * Who is calling, from the verified bearer token, and the most sensitive level it may read: the token's
 * {@code clearance} claim (public, restricted, confidential), capped at public for a viewer; without the claim an
 * admin is cleared for everything, anyone else for restricted.
 */
@RequestScoped
public class Caller {

    private final SecurityIdentity identity;
    private final JsonWebToken token;

    /**
     * The token is the identity's principal: the bearer token on the APIs, the ID token of the OIDC session on the web
     * app's pages (its claims are the access token's: roles, clearance, name). Not an injected JsonWebToken: with
     * quarkus-oidc present that would be its session's access token, absent on bearer calls.
     */
    public Caller(SecurityIdentity identity) {
        this.identity = identity;
        this.token = identity.getPrincipal() instanceof JsonWebToken jwt ? jwt : null;
    }

    public SecurityIdentity identity() {
        return identity;
    }

    /** When the caller's token expires: a live stream opened with it ends then. */
    public java.time.Instant expiresAt() {
        return token == null ? java.time.Instant.MAX : java.time.Instant.ofEpochSecond(token.getExpirationTime());
    }

    public Confidentiality clearance() {
        boolean onlyViewer = identity.hasRole(Roles.VIEWER) && !identity.hasRole(Roles.ANALYST)
                && !identity.hasRole(Roles.ADMIN) && !identity.hasRole(Roles.RECORDER);
        if (onlyViewer) return Confidentiality.PUBLIC;
        Object claim = token == null ? null : token.getClaim("clearance");
        if (claim != null) {
            // a claim that names no rung clears for nothing above public
            return Confidentiality.named(claim.toString().replace("\"", "")).orElse(Confidentiality.PUBLIC);
        }
        return identity.hasRole(Roles.ADMIN) ? Confidentiality.CONFIDENTIAL : Confidentiality.RESTRICTED;
    }
}
