package org.netgeom.io;

import org.netgeom.tensor.InvalidInputException;

/** Checks on names and paths that come from users' files and options. */
public final class PathNames {
    private PathNames() {}

    /**
     * Refuses a name that is not one plain path segment: empty, {@code .} or {@code ..}, a
     * leading dot (hidden files are netgeom's own: locks, temporaries), a separator, or
     * characters outside letters, digits and {@code . _ = + -}. Such a name, resolved under a
     * folder, could point at the folder itself, its parent, or a file netgeom manages.
     *
     * @param what how the name is known to the user, e.g. "config name"
     */
    public static String requireSegment(String name, String what) {
        if (name == null || name.isEmpty()) throw new InvalidInputException(what + " is empty: give a plain name such as run-1");
        if (name.charAt(0) == '.') {
            throw new InvalidInputException(what + " '" + name + "' starts with a dot: names must be plain file names"
                    + " (letters, digits and . _ = + -, not starting with a dot)");
        }
        if (!name.matches("[A-Za-z0-9._=+-]+")) {
            throw new InvalidInputException(what + " '" + name + "' may hold only letters, digits and . _ = + -");
        }
        return name;
    }
}
