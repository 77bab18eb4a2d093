package org.vigil.ingest.log;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

/** Tells the relay that a commit happened in this instance, so it need not wait for its next poll. */
@ApplicationScoped
public class LogSignal {

    private final Semaphore commits = new Semaphore(0);

    void committed() {
        if (commits.availablePermits() == 0) commits.release();
    }

    /** Waits until a commit or the timeout, whichever comes first. */
    public void await(long millis) throws InterruptedException {
        if (commits.tryAcquire(millis, TimeUnit.MILLISECONDS)) commits.drainPermits();
    }
}
