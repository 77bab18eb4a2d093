package org.vigil.casefile.app;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Work that no request started (a rebuild, the warm-up after a start) runs on a Vert.x context of its own, as a request
 * has one: Hibernate Reactive, the views' store, refuses to run anywhere else.
 */
final class OwnContext {

    private OwnContext() {
    }

    /** Runs {@code work} on a new duplicated context of {@code vertx}, marked safe for Hibernate Reactive. */
    static void run(Vertx vertx, Runnable work) {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> work.run());
    }
}
