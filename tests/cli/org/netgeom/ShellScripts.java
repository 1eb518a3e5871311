package org.netgeom;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs the repository's bash scripts in tests, with a controlled PATH and environment. */
final class ShellScripts {
    /** What a script printed and how it ended. */
    record Result(int exitCode, String stdout, String stderr) {}

    private ShellScripts() {}

    /** The repository root: surefire runs tests there (workingDirectory in the parent pom); so does a plain IDE run. */
    static Path repositoryRoot() {
        // Surefire runs every module's tests in the checkout's root (the parent pom sets workingDirectory).
        return Path.of("").toAbsolutePath();
    }

    /** The absolute path of {@code tool} on this JVM's PATH, if any. */
    static Optional<Path> onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        for (String folder : path.split(File.pathSeparator)) {
            Path candidate = Path.of(folder, tool);
            if (Files.isExecutable(candidate)) return Optional.of(candidate);
        }
        return Optional.empty();
    }

    /**
     * A folder holding links to just these tools, to serve as a whole PATH: a script run with
     * it cannot find this machine's own java, mvn or anything else the test did not offer.
     */
    static Path toolFolder(Path parent, String... tools) throws IOException {
        Path folder = Files.createDirectories(parent.resolve("tools"));
        for (String tool : tools) {
            Path real = onPath(tool).orElseThrow(() -> new IllegalStateException(tool + " is not on the PATH"));
            Files.createSymbolicLink(folder.resolve(tool), real);
        }
        return folder;
    }

    /** Writes an executable /bin/sh script. */
    static Path executable(Path file, String... lines) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n" + String.join("\n", lines) + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    /** Runs {@code bash -c script} (or bash with arguments) with exactly {@code environment}. */
    static Result bash(Path workingFolder, Map<String, String> environment, String... arguments)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Files.isExecutable(Path.of("/bin/bash")) ? "/bin/bash" : "bash");
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingFolder.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        Path stdout = Files.createTempFile("script", ".out");
        Path stderr = Files.createTempFile("script", ".err");
        try {
            builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            Process process = builder.start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("script did not finish within 120 s: " + command);
            }
            return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }
}
