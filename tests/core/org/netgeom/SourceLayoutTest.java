package org.netgeom;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every source and test file sits in a module's folder (java/MODULE, tests/MODULE): a file
 * outside them compiles in no module and its tests never run. A merge of a branch that predates
 * the module split can leave one behind, so this checks the class of mistake, not one case.
 */
class SourceLayoutTest {
    private static final Set<String> MODULES = Set.of("core", "cuda", "jcuda", "cli");

    @Test
    void everyJavaFileIsInAModulesFolder() throws IOException {
        for (String root : List.of("java", "tests")) {
            try (Stream<Path> files = Files.walk(Path.of(root))) {
                List<String> strays = files.filter(f -> f.toString().endsWith(".java"))
                        .filter(f -> !MODULES.contains(Path.of(root).relativize(f).getName(0).toString()))
                        .map(Path::toString).toList();
                assertEquals(List.of(), strays, root + "/ files outside " + root + "/{core,cuda,jcuda,cli}: move them into their module");
            }
        }
    }
}
