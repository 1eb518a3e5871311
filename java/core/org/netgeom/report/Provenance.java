package org.netgeom.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.netgeom.tensor.Backend;
import org.netgeom.io.JsonOutput;

/**
 * Where a result came from: which netgeom, on which Java, machine, backend and device, run by
 * which command with which seed, when and for how long. Every output (run.json, CSV sidecars,
 * model files) carries one, so that any number can be traced back and reproduced.
 *
 * @param netgeomVersion  the jar's Implementation-Version, or "dev" when not run from a jar
 * @param gitCommit       the commit the ./netgeom launcher passes (-Dnetgeom.git.commit, "-dirty" when
 *                        the checkout had uncommitted changes), else the jar's Git-Commit manifest
 *                        entry, else "unknown"
 * @param binding         how the backend reaches native code: "panama", "jcuda", or "none" (CPU)
 * @param commandLine     the arguments as given, starting with the command name
 * @param duration        how long the run took; null while it is still running
 */
public record Provenance(String netgeomVersion, String gitCommit, String javaVersion, String javaVendor,
                         String operatingSystem, String architecture, int cpuCores, String backend, String device,
                         String binding, List<String> commandLine, long seed, Instant startTime, Duration duration) {

    /** Set by the ./netgeom launcher when it runs from a git checkout. */
    public static final String GIT_COMMIT_PROPERTY = "netgeom.git.commit";

    public Provenance {
        Objects.requireNonNull(netgeomVersion, "netgeomVersion");
        Objects.requireNonNull(gitCommit, "gitCommit");
        Objects.requireNonNull(javaVersion, "javaVersion");
        Objects.requireNonNull(javaVendor, "javaVendor");
        Objects.requireNonNull(operatingSystem, "operatingSystem");
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(binding, "binding");
        Objects.requireNonNull(startTime, "startTime");
        commandLine = List.copyOf(commandLine);
        if (cpuCores < 1) throw new IllegalArgumentException("cpuCores must be at least 1, got " + cpuCores);
        if (duration != null && duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative, got " + duration);
        }
    }

    /** The provenance of a run starting now-ish on {@code backend}, with this JVM's and machine's facts. */
    public static Provenance capture(Backend backend, List<String> commandLine, long seed, Instant startTime) {
        return capture(backend.name(), backend.deviceDescription(), backend.bindingName(), commandLine, seed, startTime);
    }

    /** As {@link #capture(Backend, List, long, Instant)}, naming backend, device and binding directly. */
    public static Provenance capture(String backend, String device, String binding, List<String> commandLine,
                                     long seed, Instant startTime) {
        BuildInfo build = BuildInfo.of(Provenance.class);
        String commit = System.getProperty(GIT_COMMIT_PROPERTY, build.gitCommit());
        return new Provenance(build.version(), commit, Runtime.version().toString(),
                System.getProperty("java.vendor", "unknown"),
                System.getProperty("os.name", "unknown") + " " + System.getProperty("os.version", ""),
                System.getProperty("os.arch", "unknown"), Runtime.getRuntime().availableProcessors(),
                backend, device, binding, commandLine, seed, startTime, null);
    }

    /** This provenance with the duration from its start to {@code endTime}. */
    public Provenance finished(Instant endTime) {
        return new Provenance(netgeomVersion, gitCommit, javaVersion, javaVendor, operatingSystem, architecture,
                cpuCores, backend, device, binding, commandLine, seed, startTime,
                Duration.between(startTime, endTime));
    }

    /** The fields under the snake_case names run.json uses, in a fixed order. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("netgeom_version", netgeomVersion);
        map.put("git_commit", gitCommit);
        map.put("java_version", javaVersion);
        map.put("java_vendor", javaVendor);
        map.put("os", operatingSystem);
        map.put("arch", architecture);
        map.put("cpu_cores", cpuCores);
        map.put("backend", backend);
        map.put("device", device);
        map.put("binding", binding);
        map.put("command_line", commandLine);
        map.put("seed", seed);
        map.put("start_time", startTime.truncatedTo(ChronoUnit.MILLIS).toString());
        map.put("duration_seconds", duration == null ? null : duration.toNanos() / 1e9);
        return map;
    }

    /** {@link #toMap()} as a JSON object, to which a command adds its config and results. */
    public ObjectNode toJson() {
        return (ObjectNode) JsonOutput.tree(toMap());
    }

    /** Version and commit as recorded in the manifest of the jar a class was loaded from. */
    record BuildInfo(String version, String gitCommit) {
        static final BuildInfo DEVELOPMENT = new BuildInfo("dev", "unknown");
        static final BuildInfo UNREADABLE = new BuildInfo("unknown", "unknown");

        static BuildInfo of(Class<?> type) {
            CodeSource source = type.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) return DEVELOPMENT;
            try {
                return fromCodeSource(Path.of(source.getLocation().toURI()));
            } catch (URISyntaxException | IllegalArgumentException e) {
                return DEVELOPMENT;
            }
        }

        /** Reads a jar's manifest; a class folder (tests, IDE runs) is a development build. */
        static BuildInfo fromCodeSource(Path location) {
            if (!Files.isRegularFile(location)) return DEVELOPMENT;
            try (JarFile jar = new JarFile(location.toFile())) {
                Manifest manifest = jar.getManifest();
                if (manifest == null) return DEVELOPMENT;
                Attributes main = manifest.getMainAttributes();
                return new BuildInfo(valueOr(main.getValue("Implementation-Version"), "dev"),
                        valueOr(main.getValue("Git-Commit"), "unknown"));
            } catch (IOException e) {
                // Provenance must not end a run; an unreadable manifest is recorded as unknown.
                return UNREADABLE;
            }
        }

        private static String valueOr(String value, String fallback) {
            return value == null || value.isBlank() ? fallback : value.trim();
        }
    }
}
