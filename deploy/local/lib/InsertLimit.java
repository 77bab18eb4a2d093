import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/**
 * The write benchmark's limit (deploy/local/bench.sh): what PostgreSQL alone takes of the rows the service writes.
 * It copies the newest row of the events table (the benchmark's own event, as the service stored it) into a fresh
 * table like it, with every index and constraint, in JDBC batches with one commit each: no HTTP, no JSON, no hash, no
 * Kafka. Prints the rows per second, and nothing else on standard output.
 *
 * <pre>java -cp postgresql.jar InsertLimit.java JDBC_URL USER PASSWORD ROWS BATCH</pre>
 */
public class InsertLimit {

    public static void main(String[] args) throws Exception {
        String url = args[0];
        int rows = Integer.parseInt(args[3]);
        int batch = Integer.parseInt(args[4]);
        try (Connection c = DriverManager.getConnection(url + (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true",
                args[1], args[2])) {
            String type;
            String payload;
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT type, payload FROM events ORDER BY position DESC LIMIT 1")) {
                if (!rs.next()) throw new IllegalStateException("the events table is empty: record something first");
                type = rs.getString(1);
                payload = rs.getString(2);
            }
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS bench_insert_limit");
                s.execute("CREATE TABLE bench_insert_limit (LIKE events INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)");
            }
            c.setAutoCommit(false);
            UUID stream = UUID.randomUUID();
            String hash = "0".repeat(64);
            long start = System.nanoTime();
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO bench_insert_limit (position, event_id, stream_id, stream_version, type, recorded_at,
                                                    recorded_by, target_event_id, confidentiality, payload, prev_hash, hash)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::json, ?, ?)""")) {
                for (int i = 1; i <= rows; i++) {
                    s.setLong(1, i);
                    s.setObject(2, UUID.randomUUID());
                    s.setObject(3, stream);
                    s.setLong(4, i);
                    s.setString(5, type);
                    s.setTimestamp(6, Timestamp.from(Instant.now()));
                    s.setString(7, "benchmark");
                    s.setObject(8, null);
                    s.setString(9, "public");
                    s.setString(10, payload);
                    s.setString(11, hash);
                    s.setString(12, hash); // hashing is the service's cost, measured there
                    s.addBatch();
                    if (i % batch == 0 || i == rows) {
                        s.executeBatch();
                        c.commit();
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE bench_insert_limit");
            }
            c.commit();
            System.out.printf("%.0f%n", rows / seconds);
        }
    }
}
