package org.vigil.report.security;

import java.util.List;
import java.util.Locale;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, from the verified bearer token: the most sensitive level it may read (the token's
 * {@code clearance} claim, capped at public for a viewer; without the claim an admin is cleared for everything, anyone
 * else for restricted), and the token itself, passed on to ingest-service and casefile-service.
 */
@RequestScoped
public class Caller {

    public static final List<String> LEVELS = List.of("public", "restricted", "confidential");

    private final SecurityIdentity identity;
    private final JsonWebToken token;

    public Caller(SecurityIdentity identity, JsonWebToken token) {
        this.identity = identity;
        this.token = token;
    }

    public String clearance() {
        boolean onlyViewer = identity.hasRole(Roles.VIEWER) && !identity.hasRole(Roles.ANALYST)
                && !identity.hasRole(Roles.ADMIN) && !identity.hasRole(Roles.RECORDER);
        if (onlyViewer) return "public";
        Object claim = token.getClaim("clearance");
        if (claim != null) {
            String level = claim.toString().replace("\"", "").toLowerCase(Locale.ROOT);
            return LEVELS.contains(level) ? level : "public";
        }
        return identity.hasRole(Roles.ADMIN) ? "confidential" : "restricted";
    }

    /** Whether the caller may read a report written for this audience (internal: all levels, so confidential). */
    public boolean mayRead(String audience) {
        return mayRead(clearance(), audience);
    }

    public static boolean mayRead(String clearance, String audience) {
        return !"internal".equals(audience) || "confidential".equals(clearance);
    }

    /** The Authorization header to send upstream: the caller's own token. */
    public String authorization() {
        return "Bearer " + token.getRawToken();
    }
}
