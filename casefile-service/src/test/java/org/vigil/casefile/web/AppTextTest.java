package org.vigil.casefile.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Modifier;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/**
 * The web app's message bundle stays within 300 messages: Qute groups a bundle's messages 300 to a generated method,
 * and with 301 some of them (the page's "until" among them) rendered NOT_FOUND on the population page (found by
 * LivePageTest on 2026-12-06, Quarkus 3.33.2). Merge messages, or split the bundle, before adding the 301st.
 */
class AppTextTest {

    @Test
    void the_bundle_holds_at_most_300_messages() {
        long messages = Arrays.stream(AppText.class.getDeclaredMethods()).filter(m -> Modifier.isAbstract(m.getModifiers())).count();
        assertThat(messages).isBetween(1L, 300L);
    }
}
