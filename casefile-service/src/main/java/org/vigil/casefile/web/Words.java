package org.vigil.casefile.web;

import io.quarkus.qute.i18n.MessageBundles;

/** The pages' words for Java code that writes them outside a template (the default locale's: there is only English). */
final class Words {

    private Words() {
    }

    static AppText text() {
        return MessageBundles.get(AppText.class);
    }
}
