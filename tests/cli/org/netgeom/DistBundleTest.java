package org.netgeom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * native/make-dist.sh with a fake JDK (its jlink makes a runtime whose java prints a line), and
 * docker/Dockerfile against the tarballs it writes: no Docker daemon is needed.
 */
class DistBundleTest {
    private static final Path ROOT = ShellScripts.repositoryRoot();
    private static final String KERNEL_IMAGE = "org/netgeom/backend/cuda/netgeom_kernels.fatbin";

    @TempDir Path folder;
    private Path target;
    private Map<String, String> environment;

    @BeforeEach
    void fakeJdkAndTools() throws IOException {
        target = Files.createDirectories(folder.resolve("target"));
        Path jdk = folder.resolve("jdk-25");
        ShellScripts.executable(jdk.resolve("bin/java"), "echo '    java.specification.version = 25' >&2");
        ShellScripts.executable(jdk.resolve("bin/jlink"),
                "previous=''",
                "for argument in \"$@\"; do [ \"$previous\" = --output ] && runtime=\"$argument\"; previous=\"$argument\"; done",
                "mkdir -p \"$runtime/bin\"",
                "printf '#!/bin/sh\\necho \"# completion\"\\n' > \"$runtime/bin/java\"",
                "chmod +x \"$runtime/bin/java\"");
        Path tools = ShellScripts.toolFolder(folder, "dirname", "awk", "rm", "mkdir", "chmod", "cp", "unzip", "tar", "gzip",
                "du", "cut");
        environment = new HashMap<>(Map.of("PATH", tools.toString(), "JAVA_HOME", jdk.toString()));
    }

    /** Runs make-dist.sh on a jar of {@code version} that holds the kernel image or not. */
    private ShellScripts.Result makeDist(String version, boolean jarHasKernels, String cpuOnly) throws Exception {
        try (OutputStream file = Files.newOutputStream(target.resolve("netgeom-" + version + "-all.jar"));
                ZipOutputStream jar = new ZipOutputStream(file)) {
            jar.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            jar.write("Manifest-Version: 1.0\n".getBytes(StandardCharsets.UTF_8));
            if (jarHasKernels) {
                jar.putNextEntry(new ZipEntry(KERNEL_IMAGE));
                jar.write(new byte[] {1, 2, 3});
            }
        }
        return ShellScripts.bash(folder, environment, ROOT.resolve("native/make-dist.sh").toString(), target.toString(),
                version, cpuOnly);
    }

    @Test
    void aGpuBundleRefusesAJarWithoutTheKernelImage() throws Exception {
        ShellScripts.Result result = makeDist("1.0", false, "false");

        assertEquals(1, result.exitCode(), result.stdout());
        assertTrue(result.stderr().contains("make-dist: the jar lacks the CUDA kernel image"), result.stderr());
        assertFalse(Files.exists(target.resolve("netgeom-1.0-linux-x86_64.tar.gz")));
    }

    @Test
    void aCpuOnlyBundleSaysSoInItsName() throws Exception {
        ShellScripts.Result result = makeDist("1.0", false, "true");

        assertEquals(0, result.exitCode(), result.stderr());
        assertTrue(Files.exists(target.resolve("netgeom-1.0-linux-x86_64-cpu-only.tar.gz")), result.stdout());
        assertFalse(Files.exists(target.resolve("netgeom-1.0-linux-x86_64.tar.gz")));
    }

    @Test
    void aCpuOnlyBundleRefusesAJarWithTheKernelImage() throws Exception {
        ShellScripts.Result result = makeDist("1.0", true, "true");

        assertEquals(1, result.exitCode(), result.stdout());
        assertTrue(result.stderr().contains("a CPU-only bundle was asked for, but the jar holds the CUDA kernel image"),
                result.stderr());
    }

    @Test
    void theDockerfileAddsTheTarballMakeDistWritesForThisVersion() throws Exception {
        String version = projectVersion();
        assertEquals(0, makeDist(version, true, "false").exitCode());
        Dockerfile dockerfile = Dockerfile.read(ROOT.resolve("docker/Dockerfile"));

        String added = dockerfile.arguments("ADD", "bundle", Map.of()).getFirst();

        assertEquals(version, dockerfile.argumentDefaults().get("NETGEOM_VERSION"), "docker/Dockerfile's NETGEOM_VERSION");
        assertTrue(Files.isRegularFile(folder.resolve(added)), added + " is not what make-dist wrote: " + list(target));
    }

    @Test
    void theDockerfileAddsTheCpuOnlyTarballWithItsSuffix() throws Exception {
        String version = projectVersion();
        assertEquals(0, makeDist(version, false, "true").exitCode());
        Dockerfile dockerfile = Dockerfile.read(ROOT.resolve("docker/Dockerfile"));

        String added = dockerfile.arguments("ADD", "bundle", Map.of("BUNDLE_SUFFIX", "-cpu-only")).getFirst();

        assertTrue(Files.isRegularFile(folder.resolve(added)), added + " is not what make-dist wrote: " + list(target));
    }

    /** ADD unpacks netgeom-VERSION/ under /opt/; the bundle stage moves it; the image copies it and runs its launcher. */
    @Test
    void theDockerfileEntrypointIsTheLauncherInsideTheTarball() throws Exception {
        String version = projectVersion();
        assertEquals(0, makeDist(version, true, "false").exitCode());
        Dockerfile dockerfile = Dockerfile.read(ROOT.resolve("docker/Dockerfile"));
        ShellScripts.Result listing = ShellScripts.bash(folder, environment, "-c", "tar -tzf \"$1\"", "list",
                target.resolve("netgeom-" + version + "-linux-x86_64.tar.gz").toString());
        assertTrue(listing.stdout().lines().anyMatch(("netgeom-" + version + "/netgeom")::equals), listing.stdout());

        List<String> add = dockerfile.arguments("ADD", "bundle", Map.of());
        String moved = dockerfile.arguments("RUN", "bundle", Map.of()).getFirst();
        List<String> copy = dockerfile.arguments("COPY", null, Map.of());
        String entrypoint = dockerfile.arguments("ENTRYPOINT", null, Map.of()).getFirst();

        String unpacked = add.get(1) + "netgeom-" + version;
        assertEquals("mv \"" + unpacked + "\" /opt/netgeom", moved);
        assertEquals(List.of("--from=bundle", "/opt/netgeom", "/opt/netgeom"), copy);
        assertEquals("[\"/opt/netgeom/netgeom\"]", entrypoint);
    }

    private static String projectVersion() throws IOException {
        Matcher version = Pattern.compile("<artifactId>netgeom-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(ROOT.resolve("pom.xml")));
        assertTrue(version.find(), "pom.xml's version");
        return version.group(1);
    }

    private static List<String> list(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * The instructions of a Dockerfile, each with the stage it is in ("AS name", or null), and the
     * defaults of its ARGs, enough to read back what it adds and runs.
     */
    private record Dockerfile(List<String[]> instructions, Map<String, String> argumentDefaults) {
        static Dockerfile read(Path file) throws IOException {
            List<String[]> instructions = new ArrayList<>();
            Map<String, String> defaults = new HashMap<>();
            String stage = null;
            String joined = String.join("\n", Files.readAllLines(file).stream().filter(line -> !line.strip().startsWith("#"))
                    .toList()).replace("\\\n", " ");
            for (String line : joined.split("\n")) {
                if (line.isBlank()) continue;
                String[] parts = line.strip().split("\\s+", 2);
                String keyword = parts[0].toUpperCase(Locale.ROOT);
                String arguments = parts.length > 1 ? parts[1] : "";
                if (keyword.equals("FROM")) stage = arguments.contains(" AS ") ? arguments.split(" AS ")[1].strip() : null;
                if (keyword.equals("ARG")) {
                    String[] nameAndDefault = arguments.split("=", 2);
                    defaults.put(nameAndDefault[0], nameAndDefault.length > 1 ? nameAndDefault[1] : "");
                }
                instructions.add(new String[] {keyword, stage, arguments});
            }
            return new Dockerfile(instructions, defaults);
        }

        /**
         * The arguments of the one {@code keyword} instruction in {@code stage}, with ARGs replaced by
         * {@code buildArguments} or their defaults (as a RUN's shell would, too): split on spaces for
         * ADD and COPY, whole otherwise.
         */
        List<String> arguments(String keyword, String stage, Map<String, String> buildArguments) {
            List<String[]> found = instructions.stream()
                    .filter(instruction -> instruction[0].equals(keyword) && Objects.equals(instruction[1], stage))
                    .toList();
            assertEquals(1, found.size(), "one " + keyword + " in stage " + stage);
            String arguments = found.getFirst()[2];
            for (Map.Entry<String, String> argument : argumentDefaults.entrySet()) {
                arguments = arguments.replace("${" + argument.getKey() + "}",
                        buildArguments.getOrDefault(argument.getKey(), argument.getValue()));
            }
            return keyword.equals("ADD") || keyword.equals("COPY") ? List.of(arguments.split("\\s+")) : List.of(arguments);
        }
    }
}
