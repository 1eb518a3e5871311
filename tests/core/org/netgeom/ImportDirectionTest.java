package org.netgeom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The house rule of STYLE.md, checked on every module's sources: data flows one way (data ->
 * model -> training -> measurement -> experiments -> cli), io and tensor at the bottom, the
 * core names no CUDA, JCuda or CLI class. Any reference counts (import, qualified name, javadoc
 * link), so a {@code {@link}} upward is caught too. A new package must be added to the table.
 */
class ImportDirectionTest {
    private static final Set<String> MEASUREMENT_BASE = Set.of("tensor", "io", "linalg", "data", "nn", "nn.layers", "train");

    /** Each package and the netgeom packages it may use. */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("tensor", Set.of()),
            Map.entry("io", Set.of("tensor")),
            Map.entry("linalg", Set.of("tensor", "io")),
            Map.entry("data", Set.of("tensor", "io", "linalg")),
            Map.entry("backend.cpu", Set.of("tensor", "io", "linalg")),
            Map.entry("backend", Set.of("tensor", "io", "backend.cpu")),
            Map.entry("nn.layers", Set.of("tensor", "io", "linalg", "data")),
            Map.entry("nn", Set.of("tensor", "io", "linalg", "data", "nn.layers")),
            Map.entry("train", Set.of("tensor", "io", "linalg", "data", "nn", "nn.layers")),
            Map.entry("bmd", MEASUREMENT_BASE),
            Map.entry("star", MEASUREMENT_BASE),
            Map.entry("trajectory", MEASUREMENT_BASE),
            Map.entry("symmetry", MEASUREMENT_BASE),
            Map.entry("report", Set.of("tensor", "io")),
            // backend: the reproduce plan records its steps' backend options (BackendOptions); it opens no backend.
            Map.entry("experiments", Set.of("tensor", "io", "linalg", "data", "nn", "nn.layers", "train", "bmd", "star", "trajectory",
                    "symmetry", "report", "backend")),
            Map.entry("experiments.bench", Set.of("tensor", "io", "linalg", "data", "nn", "nn.layers", "train", "bmd", "star",
                    "trajectory", "symmetry", "report", "experiments", "backend")),
            Map.entry("panama", Set.of()),
            Map.entry("backend.cuda", Set.of("tensor", "io", "linalg", "backend", "backend.cpu", "panama")),
            Map.entry("backend.jcuda", Set.of("tensor", "io", "backend", "backend.cuda")),
            Map.entry("cli.plot", Set.of("tensor", "io", "report")));

    private static final Pattern REFERENCE = Pattern.compile("org\\.netgeom\\.([a-z][a-z0-9]*(?:\\.[a-z][a-z0-9]*)*)\\.[A-Z]");

    @Test
    void packagesOnlyUseThePackagesBelowThem() throws IOException {
        List<String> violations = new ArrayList<>();
        Set<String> unknown = new TreeSet<>();
        for (Path root : List.of(Path.of("java/core"), Path.of("java/cuda"), Path.of("java/jcuda"), Path.of("java/cli"),
                Path.of("bindings"))) {
            assertTrue(Files.isDirectory(root), "run from the repository root: " + root.toAbsolutePath() + " is missing");
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String pkg = root.resolve("org/netgeom").relativize(file.getParent()).toString().replace('/', '.');
                    if (pkg.equals("cli")) continue; // the top: it may use everything
                    Set<String> allowed = ALLOWED.get(pkg);
                    if (allowed == null) {
                        unknown.add(pkg + " (" + file + ")");
                        continue;
                    }
                    List<String> lines = Files.readAllLines(file);
                    for (int i = 0; i < lines.size(); i++) {
                        Matcher m = REFERENCE.matcher(lines.get(i));
                        while (m.find()) {
                            String used = m.group(1);
                            if (!used.equals(pkg) && !allowed.contains(used)) {
                                violations.add(file + ":" + (i + 1) + ": " + pkg + " uses " + used);
                            }
                        }
                    }
                }
            }
        }
        assertEquals(Set.of(), unknown, "packages missing from ImportDirectionTest's table: say which packages they may use");
        assertEquals(List.of(), violations);
    }
}
