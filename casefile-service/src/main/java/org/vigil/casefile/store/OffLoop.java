package org.vigil.casefile.store;

import java.util.concurrent.Executor;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * Long computations of a read (reading a long history's JSON, folding it into a status) run on a worker thread, not
 * on the Vert.x event loop, which every other request and the database client share: a 100,000-event fold held an
 * event loop for 2-4 s. The answer comes back on the Vert.x context the read began on, where Hibernate Reactive and
 * the database client expect to be called next.
 */
public final class OffLoop {

    private OffLoop() {
    }

    public static <T> Uni<T> compute(Supplier<T> work) {
        var context = io.vertx.core.Vertx.currentContext();
        Executor back = context == null ? Runnable::run : command -> context.runOnContext(v -> command.run());
        return Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()).emitOn(back);
    }
}
