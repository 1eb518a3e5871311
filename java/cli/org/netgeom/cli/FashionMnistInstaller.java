package org.netgeom.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.netgeom.data.DataSpec;
import org.netgeom.data.FashionMnist;

/**
 * On a fresh machine the default Fashion-MNIST folder is empty. As root with apt-get at hand
 * we install Debian's dataset-fashion-mnist (what the README promises); otherwise the loader's
 * own error says in one line how to get the files.
 */
final class FashionMnistInstaller {
    private static final String PACKAGE = "dataset-fashion-mnist";

    private FashionMnistInstaller() {}

    /** Installs the default folder's files when {@code spec} is Fashion-MNIST read from there ({@code directory} unset). */
    static void installIfNeeded(DataSpec spec, Path directory, PrintWriter err) {
        if (spec.kind() == DataSpec.Kind.FASHION_MNIST && directory == null) installIfMissing(err);
    }

    static void installIfMissing(PrintWriter err) {
        if (FashionMnist.isPresent(FashionMnist.DEFAULT_DIRECTORY) || !canInstall()) return;
        err.println("netgeom: Fashion-MNIST is missing; installing " + PACKAGE + " with apt-get ...");
        err.flush();
        boolean installed = run("apt-get", "install", "-y", "-q", PACKAGE) || (run("apt-get", "update", "-q")
                && run("apt-get", "install", "-y", "-q", PACKAGE));
        if (!installed) err.println("netgeom: apt-get could not install " + PACKAGE);
    }

    private static boolean canInstall() {
        boolean root = "root".equals(System.getProperty("user.name"));
        return root && Files.isExecutable(Path.of("/usr/bin/apt-get"));
    }

    private static boolean run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(10, TimeUnit.MINUTES) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
