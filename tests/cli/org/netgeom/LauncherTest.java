package org.netgeom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ./netgeom launcher: Java detection, the bundle layout, rebuild decisions, shellcheck. */
class LauncherTest {
    private static final Path LAUNCHER = ShellScripts.repositoryRoot().resolve("netgeom");

    @TempDir Path folder;

    /** A fake JDK whose java prints a version banner; with a release file unless told otherwise. */
    private Path fakeJdk(Path home, String version, boolean withReleaseFile) throws IOException {
        ShellScripts.executable(home.resolve("bin/java"), "echo 'openjdk version \"" + version + "\" 2025-09-16' >&2");
        if (withReleaseFile) Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Test\"\nJAVA_VERSION=\"" + version + "\"\n");
        return home;
    }

    private Map<String, String> environment(Path roots, Path... pathFolders) throws IOException {
        Path tools = Files.isDirectory(folder.resolve("tools")) ? folder.resolve("tools")
                : ShellScripts.toolFolder(folder, "sed", "head", "dirname", "readlink");
        StringBuilder path = new StringBuilder(tools.toString());
        for (Path extra : pathFolders) path.append(':').append(extra);
        Map<String, String> environment = new HashMap<>();
        environment.put("PATH", path.toString());
        environment.put("NETGEOM_JVM_ROOTS", roots.toString());
        return environment;
    }

    private ShellScripts.Result findJava(Map<String, String> environment) throws Exception {
        return ShellScripts.bash(folder, environment, "-c", "source \"$1\" && netgeom_find_java", "test", LAUNCHER.toString());
    }

    @Test
    void picksAJdkOf25OverAnOlderOne() throws Exception {
        Path roots = folder.resolve("jvm");
        fakeJdk(roots.resolve("jdk-17"), "17.0.12", true);
        Path jdk25 = fakeJdk(roots.resolve("jdk-25"), "25.0.1", true);

        ShellScripts.Result result = findJava(environment(roots));

        assertEquals(0, result.exitCode(), result.stderr());
        assertEquals(jdk25.resolve("bin/java").toString(), result.stdout().strip());
    }

    @Test
    void picksTheNewestOfSeveralRecentJdks() throws Exception {
        Path roots = folder.resolve("jvm");
        fakeJdk(roots.resolve("a-jdk-26"), "26", true);
        fakeJdk(roots.resolve("b-jdk-25"), "25.0.2", true);

        ShellScripts.Result result = findJava(environment(roots));

        assertEquals(roots.resolve("a-jdk-26/bin/java").toString(), result.stdout().strip());
    }

    @Test
    void aRecentJavaHomeComesFirst() throws Exception {
        Path roots = folder.resolve("jvm");
        fakeJdk(roots.resolve("jdk-26"), "26.0.1", true);
        Path home = fakeJdk(folder.resolve("home/jdk-25"), "25.0.1", true);
        Map<String, String> environment = environment(roots);
        environment.put("JAVA_HOME", home.toString());

        assertEquals(home.resolve("bin/java").toString(), findJava(environment).stdout().strip());
    }

    @Test
    void anOldJavaHomeIsPassedOver() throws Exception {
        Path roots = folder.resolve("jvm");
        Path jdk25 = fakeJdk(roots.resolve("jdk-25"), "25.0.1", true);
        Map<String, String> environment = environment(roots);
        environment.put("JAVA_HOME", fakeJdk(folder.resolve("home/jdk-21"), "21.0.4", true).toString());

        assertEquals(jdk25.resolve("bin/java").toString(), findJava(environment).stdout().strip());
    }

    @Test
    void withoutAReleaseFileTheJavaBannerTellsTheVersion() throws Exception {
        Path roots = folder.resolve("jvm");
        fakeJdk(roots.resolve("old"), "1.8.0_392", false);
        Path recent = fakeJdk(roots.resolve("recent"), "25-ea", false);

        assertEquals(recent.resolve("bin/java").toString(), findJava(environment(roots)).stdout().strip());
    }

    @Test
    void javaOnThePathIsTheLastResort() throws Exception {
        Path emptyRoots = Files.createDirectories(folder.resolve("no-jvms"));
        Path onPath = fakeJdk(folder.resolve("somewhere"), "25.0.1", false).resolve("bin");

        assertEquals(onPath.resolve("java").toString(), findJava(environment(emptyRoots, onPath)).stdout().strip());
    }

    @Test
    void withoutJava25ItSaysWhatToInstall() throws Exception {
        Path roots = folder.resolve("jvm");
        Path old = fakeJdk(roots.resolve("jdk-17"), "17.0.12", true);
        Path onPath = fakeJdk(folder.resolve("path-jdk"), "21.0.2", false).resolve("bin");

        ShellScripts.Result result = findJava(environment(roots, onPath));

        assertEquals(1, result.exitCode());
        assertEquals("", result.stdout());
        assertTrue(result.stderr().contains("netgeom needs Java 25 or newer: install Temurin 25 (apt-get install "
                + "temurin-25-jdk from Adoptium's apt repository) or set JAVA_HOME"), result.stderr());
        assertTrue(result.stderr().contains(old + " (Java 17)"), result.stderr());
        assertTrue(result.stderr().contains("(Java 21)"), result.stderr());
    }

    @Test
    void aBundleRunsItsOwnRuntimeAndJarFromAnyFolder() throws Exception {
        Path bundle = bundle();
        Path elsewhere = Files.createDirectories(folder.resolve("elsewhere"));

        ShellScripts.Result result = ShellScripts.bash(elsewhere, environment(folder.resolve("none")),
                bundle.resolve("netgeom").toString(), "train", "--epochs", "2");

        assertEquals(0, result.exitCode(), result.stderr());
        assertLaunched(result.stdout(), bundle);
    }

    @Test
    void aSymlinkToTheLauncherStillFindsTheBundle() throws Exception {
        Path bundle = bundle();
        Path links = Files.createDirectories(folder.resolve("bin"));
        Files.createSymbolicLink(links.resolve("netgeom"), links.relativize(bundle.resolve("netgeom")));

        ShellScripts.Result result = ShellScripts.bash(folder, environment(folder.resolve("none")),
                links.resolve("netgeom").toString(), "train", "--epochs", "2");

        assertEquals(0, result.exitCode(), result.stderr());
        assertLaunched(result.stdout(), bundle);
    }

    @Test
    void theJarIsRebuiltOnlyWhenMissingOrOlderThanASource() throws Exception {
        Path checkout = folder.resolve("checkout");
        Files.createDirectories(checkout.resolve("java/org/netgeom"));
        Path source = Files.writeString(checkout.resolve("java/org/netgeom/A.java"), "class A {}");
        Path pom = Files.writeString(checkout.resolve("pom.xml"), "<project/>");
        Path jar = checkout.resolve("target/netgeom-0.1.0-all.jar");
        Map<String, String> environment = environment(folder.resolve("none"), toolsFor("find"));
        String check = "source \"$1\"; jar=\"$(netgeom_built_jar \"$2\")\"; echo \"$jar\"; "
                + "if netgeom_jar_is_stale \"$2\" \"$jar\"; then echo stale; else echo fresh; fi";

        assertEquals(List.of("", "stale"), lines(ShellScripts.bash(folder, environment, "-c", check, "t",
                LAUNCHER.toString(), checkout.toString())));

        Files.createDirectories(jar.getParent());
        Files.writeString(jar, "jar");
        Instant now = Instant.now();
        // Folders count too: a deleted source file shows only in its folder's time.
        for (Path sourcePath : List.of(pom, source, source.getParent(), checkout.resolve("java/org"),
                checkout.resolve("java"))) {
            Files.setLastModifiedTime(sourcePath, FileTime.from(now.minusSeconds(60)));
        }
        Files.setLastModifiedTime(jar, FileTime.from(now.minusSeconds(30)));
        assertEquals(List.of(jar.toString(), "fresh"), lines(ShellScripts.bash(folder, environment, "-c", check, "t",
                LAUNCHER.toString(), checkout.toString())));

        Files.setLastModifiedTime(source, FileTime.from(now));
        assertEquals(List.of(jar.toString(), "stale"), lines(ShellScripts.bash(folder, environment, "-c", check, "t",
                LAUNCHER.toString(), checkout.toString())));
    }

    @Test
    void launcherCiAndBuildScriptsAreShellcheckClean() throws Exception {
        Assumptions.assumeTrue(ShellScripts.onPath("shellcheck").isPresent(),
                "shellcheck is not installed (apt-get install -y shellcheck; .ci/run installs it)");
        Path root = ShellScripts.repositoryRoot();
        ProcessBuilder builder = new ProcessBuilder(ShellScripts.onPath("shellcheck").orElseThrow().toString(),
                LAUNCHER.toString(), root.resolve(".ci/run").toString(), root.resolve("native/build-kernels.sh").toString(),
                root.resolve("native/make-dist.sh").toString()).redirectErrorStream(true);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), output);
    }

    /** A bundle folder as the dist tarball lays it out, whose java prints its arguments. */
    private Path bundle() throws IOException {
        Path bundle = folder.resolve("netgeom-bundle");
        ShellScripts.executable(bundle.resolve("runtime/bin/java"), "for argument in \"$@\"; do echo \"$argument\"; done");
        Files.createDirectories(bundle.resolve("lib"));
        Files.writeString(bundle.resolve("lib/netgeom.jar"), "not a real jar");
        Files.copy(LAUNCHER, bundle.resolve("netgeom"));
        return bundle;
    }

    private static void assertLaunched(String stdout, Path bundle) {
        List<String> arguments = stdout.lines().toList();
        assertTrue(arguments.containsAll(List.of("--add-modules", "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED")), stdout);
        assertTrue(arguments.contains("-Dnetgeom.stderr.terminal=false"), "stderr goes to a file here: " + stdout);
        int jar = arguments.indexOf("-jar");
        assertTrue(jar > 0, stdout);
        assertEquals(List.of(bundle.resolve("lib/netgeom.jar").toString(), "train", "--epochs", "2"),
                arguments.subList(jar + 1, arguments.size()));
    }

    private Path toolsFor(String... tools) throws IOException {
        Path extra = Files.createDirectories(folder.resolve("extra-tools"));
        for (String tool : tools) {
            Files.createSymbolicLink(extra.resolve(tool), ShellScripts.onPath(tool).orElseThrow());
        }
        return extra;
    }

    private static List<String> lines(ShellScripts.Result result) {
        assertEquals(0, result.exitCode(), result.stderr());
        return result.stdout().lines().toList();
    }
}
