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

    /**
     * Starts {@code work} on another worker thread and gives what waits for its result. Whoever comes first runs it:
     * a worker, or the caller when it asks for the result before any worker took it, so a busy pool never leaves the
     * caller waiting on work nobody runs.
     */
    public static <T> Supplier<T> meanwhile(Supplier<T> work) {
        var claimed = new java.util.concurrent.atomic.AtomicBoolean();
        var result = new java.util.concurrent.CompletableFuture<T>();
        Runnable run = () -> {
            if (!claimed.compareAndSet(false, true)) return;
            try {
                result.complete(work.get());
            } catch (Throwable failure) {
                result.completeExceptionally(failure);
            }
        };
        Infrastructure.getDefaultWorkerPool().execute(run);
        return () -> {
            run.run();
            return result.join();
        };
    }

    /** Completes once {@code stage} has, whether it succeeded or failed, on the Vert.x context of whoever subscribes. */
    public static Uni<Void> after(java.util.concurrent.CompletionStage<?> stage) {
        return answer(stage).onItemOrFailure().<Void>transform((item, failure) -> null);
    }

    /** What {@code stage} completes with, on the Vert.x context of whoever subscribes. */
    public static <T> Uni<T> answer(java.util.concurrent.CompletionStage<T> stage) {
        return Uni.createFrom().deferred(() -> {
            var context = io.vertx.core.Vertx.currentContext();
            Executor back = context == null ? Runnable::run : command -> context.runOnContext(v -> command.run());
            return Uni.createFrom().completionStage(stage).emitOn(back);
        });
    }
}
