package org.vigil.casefile.web;

import io.quarkus.qute.TemplateExtension;

/** An event type in words on the pages: {@code {type.inWords}} reads "vigil.attack.recorded.v2" as "Attack recorded". */
@TemplateExtension
public final class TypeWords {

    private TypeWords() {
    }

    static String inWords(String type) {
        return type == null || type.isBlank() ? "" : RecordPages.words(type);
    }
}
