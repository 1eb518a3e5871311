package org.netgeom.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netgeom.io.JsonOutput;

class ProvenanceTest {
    private static final Instant START = Instant.parse("2025-01-02T03:04:05.678Z");

    @TempDir Path folder;

    @Test
    void captureRecordsThisJvmAndMachine() {
        Provenance provenance = Provenance.capture("cpu", "2-core x86_64 CPU", "none",
                List.of("train", "--epochs", "2"), 42L, START);

        assertEquals(Runtime.version().toString(), provenance.javaVersion());
        assertEquals(System.getProperty("java.vendor"), provenance.javaVendor());
        assertEquals(System.getProperty("os.arch"), provenance.architecture());
        assertTrue(provenance.operatingSystem().startsWith(System.getProperty("os.name")));
        assertEquals(Runtime.getRuntime().availableProcessors(), provenance.cpuCores());
        assertEquals(List.of("train", "--epochs", "2"), provenance.commandLine());
        assertNull(provenance.duration(), "a run that has not finished has no duration");
    }

    @Test
    void testsRunFromClassFoldersSoTheBuildIsDev() {
        Provenance provenance = Provenance.capture("cpu", "cpu", "none", List.of(), 1L, START);
        assertEquals("dev", provenance.netgeomVersion());
    }

    @Test
    void finishedMeasuresFromTheStart() {
        Provenance provenance = Provenance.capture("cuda", "H100", "panama", List.of(), 7L, START)
                .finished(START.plusMillis(12_500));
        assertEquals(Duration.ofMillis(12_500), provenance.duration());
    }

    @Test
    void theMapHasRunJsonKeysInOrder() throws IOException {
        Provenance provenance = new Provenance("0.1.0", "abc123", "25.0.1+9", "Vendor", "Linux 6.1", "amd64", 2,
                "cpu", "2-core CPU", "none", List.of("bmd", "--seed", "3"), 3L, START, Duration.ofMillis(1500));

        List<String> keys = new ArrayList<>(provenance.toMap().keySet());
        assertEquals(List.of("netgeom_version", "git_commit", "java_version", "java_vendor", "os", "arch", "cpu_cores",
                "backend", "device", "binding", "command_line", "seed", "start_time", "duration_seconds"), keys);

        JsonNode json = new ObjectMapper().readTree(JsonOutput.toLine(provenance.toJson()));
        assertEquals("0.1.0", json.get("netgeom_version").asText());
        assertEquals("abc123", json.get("git_commit").asText());
        assertEquals("2025-01-02T03:04:05.678Z", json.get("start_time").asText());
        assertEquals(1.5, json.get("duration_seconds").asDouble());
        assertEquals(3, json.get("seed").asLong());
        assertEquals("--seed", json.get("command_line").get(1).asText());
    }

    @Test
    void anUnfinishedRunHasNullDurationInJson() {
        Provenance provenance = Provenance.capture("cpu", "cpu", "none", List.of(), 1L, START);
        assertTrue(provenance.toJson().get("duration_seconds").isNull());
    }

    @Test
    void versionAndCommitComeFromTheJarManifest() throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, "1.2.3");
        manifest.getMainAttributes().putValue("Git-Commit", "0123456789ab");
        Path jar = folder.resolve("netgeom.jar");
        writeJarWithOnly(manifest, jar);

        Provenance.BuildInfo build = Provenance.BuildInfo.fromCodeSource(jar);
        assertEquals(new Provenance.BuildInfo("1.2.3", "0123456789ab"), build);
    }

    @Test
    void aJarWithoutVersionEntriesIsDev() throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        Path jar = folder.resolve("plain.jar");
        writeJarWithOnly(manifest, jar);
        assertEquals(Provenance.BuildInfo.DEVELOPMENT, Provenance.BuildInfo.fromCodeSource(jar));
        assertEquals(Provenance.BuildInfo.DEVELOPMENT, Provenance.BuildInfo.fromCodeSource(folder));
    }

    @Test
    void aNegativeDurationIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Provenance("v", "c", "j", "v", "os", "arch", 1, "cpu", "d",
                "none", List.of(), 0L, START, Duration.ofSeconds(-1)));
    }

    private static void writeJarWithOnly(Manifest manifest, Path jar) throws IOException {
        try (OutputStream out = Files.newOutputStream(jar)) {
            new JarOutputStream(out, manifest).finish();
        }
    }
}
