package org.vigil.ingest.security;


import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.vigil.access.Confidentiality;

/**
 * Who is calling, from the verified bearer token: the name events are recorded under, and the most sensitive level
 * the caller may read. The level is the token's {@code clearance} claim (public, restricted, confidential), capped at
 * public for a viewer; without the claim, an admin is cleared for everything, anyone else for restricted.
 */
@RequestScoped
public class Caller {

    private final SecurityIdentity identity;
    private final JsonWebToken token;

    public Caller(SecurityIdentity identity, JsonWebToken token) {
        this.identity = identity;
        this.token = token;
    }

    public String name() {
        String name = token.getName();
        return name == null || name.isBlank() ? identity.getPrincipal().getName() : name;
    }

    /** When the caller's token expires: a live stream opened with it ends then. */
    public java.time.Instant expiresAt() {
        return java.time.Instant.ofEpochSecond(token.getExpirationTime());
    }

    public SecurityIdentity identity() {
        return identity;
    }

    public Confidentiality clearance() {
        if (identity.hasRole(Roles.VIEWER) && !identity.hasRole(Roles.ANALYST) && !identity.hasRole(Roles.ADMIN)
                && !identity.hasRole(Roles.RECORDER)) {
            return Confidentiality.PUBLIC;
        }
        Object claim = token.getClaim("clearance");
        if (claim != null) {
            // a claim that names no rung clears for nothing above public
            return Confidentiality.named(claim.toString().replace("\"", "")).orElse(Confidentiality.PUBLIC);
        }
        return identity.hasRole(Roles.ADMIN) ? Confidentiality.CONFIDENTIAL : Confidentiality.RESTRICTED;
    }
}
