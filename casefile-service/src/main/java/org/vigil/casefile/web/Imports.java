package org.vigil.casefile.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import org.vigil.casefile.event.Event;

/**
 * Spreadsheet imports through the web app. A file is read ({@link Spreadsheets}) and kept as a job
 * ({@link ImportJobStore}); its columns are mapped to the events' field paths (suggested where a name matches);
 * checking sends it to ingest-service's dry run a thousand rows at a time ({@code dryRun=lines}: each line's syntax,
 * schema and rules, the progress written after each part) and then whole ({@code dryRun=true}: against the record),
 * so every line's errors are listed, by the row number the file shows, before anything is written; recording sends
 * it whole to the batch endpoint, one transaction, all or nothing, under an Idempotency-Key made from the job and
 * the file, so a step started again never records twice.
 */
@ApplicationScoped
public class Imports {

    private static final Logger LOG = Logger.getLogger(Imports.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** At most as many events as ingest-service takes in one batch. */
    public static final int MAX_ROWS = 50_000;
    /** Rows per dry-run request while checking line by line. */
    static final int CHECK_PART = 1_000;
    /** A running step that has not moved for this long lost its instance. */
    static final Duration STALE = Duration.ofSeconds(90);
    static final Duration KEPT = Duration.ofDays(7);
    private static final Pattern INDEX = Pattern.compile("\\[\\d+]");

    private final ImportJobStore store;
    private final Ingest ingest;
    private final SchemaForms forms;
    private final Vertx vertx;

    public Imports(ImportJobStore store, Ingest ingest, SchemaForms forms, Vertx vertx) {
        this.store = store;
        this.ingest = ingest;
        this.forms = forms;
        this.vertx = vertx;
    }

    void sweepExpired(@Observes StartupEvent event) {
        vertx.setPeriodic(3_600_000, id -> store.sweep(Instant.now()).subscribe().with(n -> {
            if (n > 0) LOG.infof("deleted %d import(s) kept past their time", n);
        }, e -> LOG.warnf("old imports not swept: %s", e.toString())));
    }

    /** The types a file may record: every fact but a registration (a file is imported into a population). */
    public static List<String> types() {
        return Event.TYPES.entrySet().stream()
                .filter(e -> Event.Fact.class.isAssignableFrom(e.getValue()) && e.getValue() != Event.Registered.class)
                .map(Map.Entry::getKey).sorted().toList();
    }

    // ---------------------------------------------------------------- columns

    /** The field paths a type's rows may fill, lists' rows as {@code []}: {@code sources[].publisher}, {@code aliases[]}. */
    public List<String> patterns(String type) {
        List<String> out = new ArrayList<>();
        leaves(forms.form(type).await().atMost(Duration.ofSeconds(30)).fields(), out);
        return out;
    }

    private static void leaves(List<SchemaForms.Field> fields, List<String> out) {
        for (SchemaForms.Field f : fields) {
            switch (f.kind()) {
                case GROUP, LIST -> leaves(f.children(), out);
                case TEXT_LIST -> out.add(f.path() + "[]");
                default -> out.add(f.path());
            }
        }
    }

    /** What the columns can be mapped to: {@code type}, then each path with its lists' first three rows. */
    public List<String> targets(String type) {
        Set<String> out = new LinkedHashSet<>();
        out.add("type");
        out.add("eventId");
        List<String> types = type == null ? types() : List.of(type);
        for (String t : types) for (String p : patterns(t)) out.addAll(expand(p, 3));
        return List.copyOf(out);
    }

    private static List<String> expand(String pattern, int rows) {
        int at = pattern.indexOf("[]");
        if (at < 0) return List.of(pattern);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < rows; i++) out.addAll(expand(pattern.substring(0, at) + "[" + i + "]" + pattern.substring(at + 2), rows));
        return out;
    }

    /** The field paths rows of {@code type} (null: of any type) may fill, lists' rows as {@code []}, read once. */
    public Set<String> fields(String type) {
        Set<String> out = new java.util.HashSet<>(List.of("type", "eventId"));
        for (String t : type == null ? types() : List.of(type)) out.addAll(patterns(t));
        return out;
    }

    /** Whether {@code header} names one of {@code fields}, with any list row. */
    public static boolean known(String header, Set<String> fields) {
        return fields.contains(INDEX.matcher(header).replaceAll("[]"));
    }

    /**
     * The column each header most likely fills: itself when it is a field path, else the target whose letters and
     * digits, case aside, are the header's ("Occurred date" fills {@code occurred.date}, "Sources 0 publisher"
     * {@code sources[0].publisher}); null when nothing matches, for the person to choose.
     */
    public List<String> suggest(List<String> header, String type) {
        List<String> targets = targets(type);
        Set<String> fields = fields(type);
        Map<String, String> byLetters = new LinkedHashMap<>();
        for (String t : targets) byLetters.putIfAbsent(letters(t), t);
        List<String> out = new ArrayList<>();
        Set<String> taken = new LinkedHashSet<>();
        for (String h : header) {
            String target = known(h, fields) ? h : byLetters.get(letters(h));
            if (target != null && !taken.add(target)) target = null;
            out.add(target);
        }
        return out;
    }

    private static String letters(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]", "");
    }

    // ---------------------------------------------------------------- templates

    /**
     * A type's template: a header of field paths (its lists with as many rows as its example has, else one) and the
     * type's published example as its one row.
     */
    public String template(String type) {
        JsonNode example = JSON.createObjectNode();
        try {
            Ingest.Answer answer = ingest.example(type).await().atMost(Duration.ofSeconds(30));
            if (answer.ok()) example = JSON.readTree(answer.body());
        } catch (java.io.IOException e) {
            LOG.warnf("the example of %s could not be read: %s", type, e.toString());
        }
        Map<String, String> values = new LinkedHashMap<>();
        flatten(example, "", values);
        List<String> header = new ArrayList<>();
        header.add("type");
        for (String pattern : patterns(type)) {
            Pattern concrete = Pattern.compile(Pattern.quote(pattern).replace("[]", "\\E\\[\\d+]\\Q"));
            List<String> found = values.keySet().stream().filter(k -> concrete.matcher(k).matches()).toList();
            header.addAll(found.isEmpty() ? List.of(pattern.replace("[]", "[0]")) : found);
        }
        List<String> row = new ArrayList<>();
        for (String h : header) row.add(h.equals("type") ? type : values.getOrDefault(h, ""));
        return Spreadsheets.write(header, List.of(row));
    }

    private static void flatten(JsonNode node, String path, Map<String, String> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                flatten(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) flatten(node.get(i), path + "[" + i + "]", out);
        } else if (!node.isNull()) {
            out.put(path, node.asText());
        }
    }

    // ---------------------------------------------------------------- jobs

    /** A file read and kept as a job, its columns mapped as suggested; answers the job's id. */
    public UUID upload(UUID population, String owner, String fileName, byte[] bytes, String type) {
        Spreadsheets.Sheet sheet = Spreadsheets.read(bytes, MAX_ROWS);
        if (sheet.rows().isEmpty()) throw new Spreadsheets.Unreadable("the file has a header and no rows", AppText::import_header_only);
        UUID id = UUID.randomUUID();
        store.insert(id, population, owner, name(fileName), json(sheet.header()), json(suggest(sheet.header(), type)), type,
                        Spreadsheets.write(sheet.header(), sheet.rows()).getBytes(StandardCharsets.UTF_8), json(sheet.lines()),
                        sheet.rows().size(), Instant.now().plus(KEPT))
                .await().atMost(Duration.ofSeconds(30));
        return id;
    }

    /** A fixed file for the same job; the mapping kept where the header is the same, else suggested again. */
    public void replace(ImportJobStore.Job job, String fileName, byte[] bytes) {
        Spreadsheets.Sheet sheet = Spreadsheets.read(bytes, MAX_ROWS);
        if (sheet.rows().isEmpty()) throw new Spreadsheets.Unreadable("the file has a header and no rows", AppText::import_header_only);
        List<String> mapping = sheet.header().equals(strings(job.header())) ? strings(job.mapping())
                : suggest(sheet.header(), job.eventType());
        store.replaceFile(job.id(), name(fileName), json(sheet.header()), json(mapping),
                        Spreadsheets.write(sheet.header(), sheet.rows()).getBytes(StandardCharsets.UTF_8), json(sheet.lines()),
                        sheet.rows().size())
                .await().atMost(Duration.ofSeconds(30));
    }

    /** What is wrong with a mapping, in words; empty when it can be checked. */
    public List<String> mappingProblems(List<String> header, List<String> mapping, String type) {
        List<String> problems = new ArrayList<>();
        Set<String> fields = fields(type);
        Set<String> used = new LinkedHashSet<>();
        for (int i = 0; i < header.size(); i++) {
            String target = mapping.get(i);
            if (target == null) continue;
            if (!known(target, fields)) problems.add(Words.text().import_column_unknown(header.get(i), target));
            else if (!used.add(target)) problems.add(Words.text().import_column_twice(header.get(i), target));
        }
        if (type == null && !used.contains("type")) problems.add(Words.text().import_no_type());
        if (used.isEmpty() || used.equals(Set.of("type"))) problems.add(Words.text().import_no_field());
        return problems;
    }

    /** Starts checking a job with {@code mapping}; false when it was not in a state to be checked. */
    public boolean check(ImportJobStore.Job job, List<String> mapping, String type, String token) {
        // a running check is started again only once it stalled (the page says when); two clicks start one
        String[] from = job.running() ? new String[] {"checking"} : new String[] {"mapping", "checked", "refused", "failed"};
        int attempt = store.start(job.id(), "checking", json(mapping), type, from)
                .await().atMost(Duration.ofSeconds(30));
        if (attempt < 0) return false;
        Infrastructure.getDefaultWorkerPool().execute(() -> runCheck(job.id(), attempt, token));
        return true;
    }

    /** Starts recording a checked job; false when it was not in a state to be recorded. */
    public boolean record(ImportJobStore.Job job, String token) {
        String[] from = job.running() ? new String[] {"recording"} : new String[] {"checked", "failed"};
        int attempt = store.start(job.id(), "recording", job.mapping(), job.eventType(), from)
                .await().atMost(Duration.ofSeconds(30));
        if (attempt < 0) return false;
        Infrastructure.getDefaultWorkerPool().execute(() -> runRecord(job.id(), attempt, token));
        return true;
    }

    /** The job's rows as ingest-service reads them: mapped columns only, a type column added when one type fills all. */
    record Mapped(List<String> header, List<List<String>> rows, List<Integer> lines, List<String> columns) {
        String csv(int from, int to) {
            return Spreadsheets.write(header, rows.subList(from, to));
        }
    }

    Mapped mapped(ImportJobStore.Job job) {
        byte[] content = store.content(job.id()).await().atMost(Duration.ofSeconds(30));
        Spreadsheets.Sheet sheet = Spreadsheets.read(content, MAX_ROWS + 1);
        List<String> mapping = strings(job.mapping());
        List<Integer> take = new ArrayList<>();
        List<String> header = new ArrayList<>();
        List<String> columns = new ArrayList<>();
        for (int i = 0; i < sheet.header().size(); i++) {
            if (mapping.get(i) == null) continue;
            take.add(i);
            header.add(mapping.get(i));
            columns.add(sheet.header().get(i));
        }
        boolean typeColumn = job.eventType() == null;
        if (!typeColumn) {
            header.add("type");
            columns.add(Words.text().import_every_row());
        }
        List<List<String>> rows = new ArrayList<>(sheet.rows().size());
        for (List<String> r : sheet.rows()) {
            List<String> row = new ArrayList<>(header.size());
            for (int i : take) row.add(r.get(i));
            if (!typeColumn) row.add(job.eventType());
            rows.add(row);
        }
        return new Mapped(header, rows, strings(job.lines()).stream().map(Integer::valueOf).toList(), columns);
    }

    private void runCheck(UUID id, int attempt, String token) {
        try {
            ImportJobStore.Job job = store.find(id).await().atMost(Duration.ofSeconds(30));
            Mapped file = mapped(job);
            ArrayNode errors = JSON.createArrayNode();
            int total = file.rows().size();
            for (int from = 0; from < total; from += CHECK_PART) {
                int to = Math.min(total, from + CHECK_PART);
                Ingest.Answer answer = ingest.batch(job.populationId().toString(), file.csv(from, to), token, null, "lines")
                        .await().atMost(Duration.ofSeconds(120));
                if (!answer.ok() && !collect(answer, file, from, errors)) {
                    store.finish(id, attempt, "failed", from, null, null, failure(answer)).await().atMost(Duration.ofSeconds(30));
                    return;
                }
                store.progress(id, attempt, to).await().atMost(Duration.ofSeconds(30));
            }
            if (errors.isEmpty()) {
                Ingest.Answer answer = ingest.batch(job.populationId().toString(), file.csv(0, total), token, null, "true")
                        .await().atMost(Duration.ofSeconds(120));
                if (!answer.ok() && !collect(answer, file, 0, errors)) {
                    store.finish(id, attempt, "failed", total, null, null, failure(answer)).await().atMost(Duration.ofSeconds(30));
                    return;
                }
            }
            store.finish(id, attempt, "checked", total, JSON.writeValueAsString(errors), null, null).await().atMost(Duration.ofSeconds(30));
        } catch (Exception e) {
            LOG.warnf(e, "import %s: checking failed", id);
            store.finish(id, attempt, "failed", 0, null, null, Words.text().import_check_stopped(e.getMessage()))
                    .subscribe().with(x -> { }, x -> LOG.warnf("import %s: its failure could not be written down", id));
        }
    }

    private void runRecord(UUID id, int attempt, String token) {
        try {
            ImportJobStore.Job job = store.find(id).await().atMost(Duration.ofSeconds(30));
            Mapped file = mapped(job);
            String csv = file.csv(0, file.rows().size());
            String key = "import-" + id + "-" + org.vigil.casefile.web.Imports.digest(csv);
            Ingest.Answer answer = ingest.batch(job.populationId().toString(), csv, token, key, null).await().atMost(Duration.ofSeconds(150));
            if (answer.ok()) {
                store.finish(id, attempt, "recorded", file.rows().size(), job.errors(), answer.body(), null).await().atMost(Duration.ofSeconds(30));
                return;
            }
            ArrayNode errors = JSON.createArrayNode();
            if (collect(answer, file, 0, errors)) {
                store.finish(id, attempt, "refused", file.rows().size(), JSON.writeValueAsString(errors), null,
                        Words.text().import_refused()).await().atMost(Duration.ofSeconds(30));
            } else {
                store.finish(id, attempt, "failed", file.rows().size(), job.errors(), null, failure(answer)).await().atMost(Duration.ofSeconds(30));
            }
        } catch (Exception e) {
            LOG.warnf(e, "import %s: recording failed", id);
            store.finish(id, attempt, "failed", 0, null, null, Words.text().import_record_stopped(e.getMessage()))
                    .subscribe().with(x -> { }, x -> LOG.warnf("import %s: its failure could not be written down", id));
        }
    }

    /**
     * Adds a refusal's errors, each with the file's row number and the column it came from; false when the answer
     * is no refusal of the file's content (the service unreachable, the token expired).
     */
    private static boolean collect(Ingest.Answer answer, Mapped file, int offset, ArrayNode errors) {
        if (answer.status() != 422 && answer.status() != 409 && answer.status() != 404) return false;
        JsonNode problem;
        try {
            problem = JSON.readTree(answer.body());
        } catch (java.io.IOException e) {
            return false;
        }
        JsonNode listed = problem.path("errors");
        if (!listed.isArray() || listed.isEmpty()) {
            errors.addObject().put("message", problem.path("detail").asText(problem.path("title").asText("refused")));
            return true;
        }
        for (JsonNode e : listed) {
            ObjectNode out = errors.addObject();
            if (e.hasNonNull("line") && e.get("line").asInt() >= 2) {
                int index = offset + e.get("line").asInt() - 2;
                if (index < file.lines().size()) out.put("line", file.lines().get(index));
            }
            String field = e.path("field").asText("");
            out.put("field", field);
            out.put("column", column(file, field));
            out.put("rule", e.path("rule").asText(""));
            out.put("message", e.path("message").asText(""));
        }
        return true;
    }

    /** The file's own name for the column a field came from (its nearest mapped column), or "". */
    private static String column(Mapped file, String field) {
        if (field.isEmpty()) return "";
        for (String candidate = field; !candidate.isEmpty(); ) {
            int i = file.header().indexOf(candidate);
            if (i >= 0) return file.columns().get(i);
            int cut = Math.max(candidate.lastIndexOf('.'), candidate.lastIndexOf('['));
            candidate = cut < 0 ? "" : candidate.substring(0, cut);
        }
        for (int i = 0; i < file.header().size(); i++) {
            if (file.header().get(i).startsWith(field + ".") || file.header().get(i).startsWith(field + "[")) return file.columns().get(i);
        }
        return "";
    }

    private static String failure(Ingest.Answer answer) {
        return switch (answer.status()) {
            case 401 -> Words.text().import_session_ended();
            case 403 -> Words.text().import_may_not_record();
            case 503 -> Words.text().import_no_database();
            default -> Words.text().import_answered(answer.status());
        };
    }

    static String digest(String text) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(hash, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String name(String fileName) {
        String n = fileName == null || fileName.isBlank() ? "upload" : fileName.strip();
        return n.length() > 200 ? n.substring(0, 200) : n;
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> strings(String json) {
        if (json == null) return List.of();
        try {
            List<Object> list = JSON.readValue(json, new TypeReference<List<Object>>() { });
            List<String> out = new ArrayList<>(list.size());
            for (Object o : list) out.add(o == null ? null : o.toString());
            return out;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

}
