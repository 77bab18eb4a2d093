package org.vigil.report.upstream;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.vigil.report.view.Dossier;

/**
 * Reads casefile-service's dossier (its text, as answered and as stored with a report) into report-service's own
 * records. Fields casefile-service adds that a report does not use are left out; the contract is the OpenAPI
 * document, checked by {@code DossierContractTest}.
 */
public final class DossierReader {

    private static final ObjectMapper JSON = mapper();

    /**
     * Unknown fields are skipped where they stand: records are built through their constructors, and for those
     * Jackson would otherwise copy every unknown field aside (its figures, the claims' bounds) before dropping it.
     */
    private static ObjectMapper mapper() {
        JsonMapper mapper = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        java.util.ArrayDeque<Class<?>> types = new java.util.ArrayDeque<>(java.util.List.of(Dossier.class));
        while (!types.isEmpty()) {
            Class<?> type = types.pop();
            mapper.configOverride(type).setIgnorals(JsonIgnoreProperties.Value.forIgnoreUnknown(true));
            types.addAll(java.util.List.of(type.getDeclaredClasses()));
        }
        return mapper;
    }

    private DossierReader() {
    }

    public static Dossier read(String text) throws JsonProcessingException {
        return checked(JSON.readValue(text, Dossier.class));
    }

    /** The dossier from its UTF-8 bytes, as casefile-service answers it (read without making a String of it first). */
    public static Dossier read(byte[] utf8) throws java.io.IOException {
        return checked(JSON.readValue(utf8, Dossier.class));
    }

    private static Dossier checked(Dossier dossier) throws JsonProcessingException {
        if (dossier == null) throw new com.fasterxml.jackson.databind.exc.MismatchedInputException(null, "the dossier is null", Dossier.class) {
        };
        return dossier;
    }
}
