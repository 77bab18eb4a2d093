package org.vigil.casefile.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time (user + system, in ms) of processes on this machine, from the kernel's accounting (/proc/<pid>/stat), for
 * the benchmarks: of one process, of PostgreSQL (every postgres process, plus what the postmaster's exited children
 * used) and of the Kafka broker started by deploy/local/infra.sh.
 */
public final class ProcessCpu {

    private static final double TICK_MS = 1000.0 / 100; // CLK_TCK is 100 on Linux
    private static final Path STATE = Path.of(System.getenv().getOrDefault("VIGIL_STATE_DIR", "/var/tmp/vigil"));

    private ProcessCpu() {
    }

    /** Fields of /proc/pid/stat after the command's name, or null if the process is gone. */
    private static String[] stat(long pid) {
        try {
            String line = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return line.substring(line.lastIndexOf(") ") + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    public static long millis(long pid) {
        String[] f = stat(pid);
        return f == null ? 0 : Math.round((Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_MS);
    }

    private static long children(long pid) {
        String[] f = stat(pid);
        return f == null ? 0 : Math.round((Long.parseLong(f[13]) + Long.parseLong(f[14])) * TICK_MS);
    }

    public static long postgres() {
        long total = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                try {
                    if (Files.readString(p.resolve("comm")).trim().equals("postgres")) total += millis(Long.parseLong(p.getFileName().toString()));
                } catch (IOException | RuntimeException gone) {
                    // ended meanwhile
                }
            }
            long master = Long.parseLong(Files.readAllLines(STATE.resolve("postgres/data/postmaster.pid")).getFirst().trim());
            return total + children(master);
        } catch (IOException | RuntimeException e) {
            return total;
        }
    }

    public static long kafka() {
        try {
            return millis(Long.parseLong(Files.readString(STATE.resolve("kafka/kafka.pid")).trim()));
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** CPU time so far of a service, PostgreSQL and the broker, to subtract from a later reading. */
    public record Reading(long service, long postgres, long kafka) {
        public static Reading of(long... servicePids) {
            long s = 0;
            for (long pid : servicePids) s += millis(pid);
            return new Reading(s, ProcessCpu.postgres(), ProcessCpu.kafka());
        }

        /** "CPU ms per 1,000 events: casefile x, PostgreSQL y, Kafka z" from this reading to {@code later}. */
        public String per1000(Reading later, long events) {
            return String.format("CPU ms per 1,000 events: casefile-service %.0f, PostgreSQL %.0f, Kafka %.0f",
                    (later.service - service) * 1000.0 / events, (later.postgres - postgres) * 1000.0 / events,
                    (later.kafka - kafka) * 1000.0 / events);
        }
    }
}
