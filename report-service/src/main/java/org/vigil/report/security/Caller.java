package org.vigil.report.security;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.vigil.access.Confidentiality;

/**
 * Who is calling, from the verified bearer token: the most sensitive level it may read (the token's
 * {@code clearance} claim, capped at public for a viewer; without the claim an admin is cleared for everything, anyone
 * else for restricted), and the token itself, passed on to ingest-service and casefile-service.
 */
@RequestScoped
public class Caller {

    private final SecurityIdentity identity;
    private final JsonWebToken token;

    public Caller(SecurityIdentity identity, JsonWebToken token) {
        this.identity = identity;
        this.token = token;
    }

    public Confidentiality clearance() {
        boolean onlyViewer = identity.hasRole(Roles.VIEWER) && !identity.hasRole(Roles.ANALYST)
                && !identity.hasRole(Roles.ADMIN) && !identity.hasRole(Roles.RECORDER);
        if (onlyViewer) return Confidentiality.PUBLIC;
        Object claim = token.getClaim("clearance");
        if (claim != null) {
            // a claim that names no rung clears for nothing above public
            return Confidentiality.named(claim.toString().replace("\"", "")).orElse(Confidentiality.PUBLIC);
        }
        return identity.hasRole(Roles.ADMIN) ? Confidentiality.CONFIDENTIAL : Confidentiality.RESTRICTED;
    }

    /** The Authorization header to send upstream: the caller's own token. */
    public String authorization() {
        return "Bearer " + token.getRawToken();
    }
}
