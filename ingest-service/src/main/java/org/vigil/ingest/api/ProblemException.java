package org.vigil.ingest.api;

import org.vigil.problems.Problem;

/** Thrown at the edge to answer with a problem; the mapper turns it into application/problem+json. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }
}
