package org.vigil.casefile.web;

import io.quarkus.oidc.AccessTokenCredential;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

/**
 * The signed-in person's access token, which the pages send on to ingest-service and report-service so that their
 * rules apply to the person as to any caller. quarkus-oidc keeps it beside the session's identity (whose own
 * credential is the ID token).
 */
@ApplicationScoped
public class SessionToken {

    private final Instance<AccessTokenCredential> credential;

    public SessionToken(Instance<AccessTokenCredential> credential) {
        this.credential = credential;
    }

    /** The token; a 401 when the session holds none. */
    public String get() {
        AccessTokenCredential token = credential.isResolvable() ? credential.get() : null;
        if (token == null || token.getToken() == null) throw new jakarta.ws.rs.NotAuthorizedException("Bearer");
        return token.getToken();
    }
}
