package org.vigil.casefile.api;

/** Lets tests in other packages reach the export's cell guard. */
public final class ExportResourceAccess {

    private ExportResourceAccess() {
    }

    public static Object cell(Object value) {
        return ExportResource.cell(value);
    }
}
