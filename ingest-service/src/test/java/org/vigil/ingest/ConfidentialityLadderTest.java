package org.vigil.ingest;

import org.vigil.access.Confidentiality;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConfidentialityLadderTest {

    @Test
    void theLadderRunsFromPublicToConfidential() {
        assertThat(Confidentiality.RESTRICTED.mayRead(Confidentiality.PUBLIC)).isTrue();
        assertThat(Confidentiality.RESTRICTED.mayRead(Confidentiality.RESTRICTED)).isTrue();
        assertThat(Confidentiality.RESTRICTED.mayRead(Confidentiality.CONFIDENTIAL)).isFalse();
        assertThat(Confidentiality.PUBLIC.mayRead(Confidentiality.RESTRICTED)).isFalse();
        assertThat(Confidentiality.CONFIDENTIAL.mayRead(Confidentiality.CONFIDENTIAL)).isTrue();
    }

    @Test
    void aRecordLevelThatNamesNoRungIsTheMostProtected() {
        assertThat(Confidentiality.ofRecord("restricted")).isEqualTo(Confidentiality.RESTRICTED);
        assertThat(Confidentiality.ofRecord("secret")).isEqualTo(Confidentiality.CONFIDENTIAL);
        assertThat(Confidentiality.ofRecord(null)).isEqualTo(Confidentiality.CONFIDENTIAL);
        assertThat(Confidentiality.named("Public")).contains(Confidentiality.PUBLIC);
        assertThat(Confidentiality.named("top")).isEmpty();
    }
}
