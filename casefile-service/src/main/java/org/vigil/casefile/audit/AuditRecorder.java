package org.vigil.casefile.audit;

import java.util.Locale;

import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.vigil.problems.Problem;

/**
 * Writes the audit log line of each request that must leave one, before its answer leaves: every write (any method
 * but GET and HEAD, refused ones too), every read under /admin, and every read that disclosed restricted or confidential
 * records ({@link AuditTrail}). If the line cannot be written, a read answers 503 and discloses nothing; a write has
 * already happened and is answered as it is, with the failure logged. The live stream records each status it sends that
 * shows records above public ({@link AuditLog#streamed}), before sending it, since its answer outlives this filter.
 */
public class AuditRecorder {

    private static final Logger LOG = Logger.getLogger(AuditRecorder.class);

    private final AuditLog log;
    private final AuditTrail trail;
    private final CurrentIdentityAssociation identity;

    public AuditRecorder(AuditLog log, AuditTrail trail, CurrentIdentityAssociation identity) {
        this.log = log;
        this.trail = trail;
        this.identity = identity;
    }

    @ServerResponseFilter
    public Uni<Void> record(ContainerRequestContext request, ContainerResponseContext response, HttpServerRequest http) {
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        boolean write = !method.equals("GET") && !method.equals("HEAD");
        boolean admin = http.path().startsWith("/admin/") || http.path().startsWith("/app/admin/"); // the API's and the web app's
        if (trail.recorded() || (!write && !admin && trail.level() == null)) return Uni.createFrom().voidItem();
        int status = response.getStatus();
        return identity.getDeferredIdentity().onFailure().recoverWithItem((SecurityIdentity) null)
                .chain(who -> log.record(http, who, trail, status)).onFailure().recoverWithUni(e -> {
                    LOG.errorf(e, "audit log line not written for %s %s (status %d)", method, http.uri(), status);
                    if (!write) { // nothing is disclosed that is not on record
                        response.setStatus(503);
                        response.setEntity(Problem.of("audit-unavailable", "Audit log unavailable", 503, "this read must be recorded in the audit log, which cannot be written"
                                + " now; nothing was disclosed", null)
                                .at(http.path()),
                                null, jakarta.ws.rs.core.MediaType.valueOf("application/problem+json"));
                    }
                    return Uni.createFrom().voidItem();
                });
    }
}
