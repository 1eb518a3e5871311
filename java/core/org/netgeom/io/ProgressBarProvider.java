package org.netgeom.io;

import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Draws progress as a bar on a terminal. The library has no terminal dependency of its own: a
 * front end (netgeom-cli) registers one with {@link ServiceLoader}; without one,
 * {@link ProgressMode#BAR} falls back to plain lines.
 */
public interface ProgressBarProvider {

    /** A bar for {@code total} units of {@code unit} (0 or less: unknown), drawn on stderr. */
    Progress open(String task, long total, String unit);

    /** The first provider on the class path, if any. */
    static Optional<ProgressBarProvider> find() {
        return ServiceLoader.load(ProgressBarProvider.class, ProgressBarProvider.class.getClassLoader()).findFirst();
    }
}
