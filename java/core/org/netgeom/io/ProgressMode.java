package org.netgeom.io;

import java.io.Console;
import java.util.Locale;
import java.util.Map;
import org.netgeom.tensor.InvalidInputException;

/** How {@link Progress} reports: a bar, plain lines, nothing, or AUTO to choose by where stderr goes. */
public enum ProgressMode {
    AUTO, BAR, PLAIN, QUIET;

    /** Parses a CLI value: auto, bar, plain or quiet (any case). */
    public static ProgressMode parse(String text) {
        for (ProgressMode mode : values()) {
            if (mode.name().equalsIgnoreCase(text.trim())) return mode;
        }
        throw new InvalidInputException("unknown progress mode '" + text + "': use auto, bar, plain or quiet");
    }

    /**
     * This mode, with AUTO turned into BAR on an interactive terminal and PLAIN otherwise: in
     * CI (where logs keep every carriage-return redraw) and on a dumb terminal, plain lines.
     */
    public ProgressMode resolve(boolean interactiveTerminal, Map<String, String> environment) {
        if (this != AUTO) return this;
        boolean dumbTerminal = "dumb".equals(environment.get("TERM"));
        return interactiveTerminal && !dumbTerminal && !Progress.isContinuousIntegration(environment) ? BAR : PLAIN;
    }

    /** Set by the ./netgeom launcher from the shell's {@code [ -t 2 ]}: whether stderr is a terminal. */
    public static final String STDERR_TERMINAL_PROPERTY = "netgeom.stderr.terminal";

    /**
     * Whether stderr is a terminal. Java cannot ask about stderr itself, so the launcher tells it;
     * without the launcher's word, {@link Console#isTerminal()} (stdin and stdout) stands in.
     * Since JDK 22 System.console() exists even when output is redirected, hence isTerminal().
     */
    static boolean stderrIsTerminal() {
        String fromLauncher = System.getProperty(STDERR_TERMINAL_PROPERTY);
        if (fromLauncher != null) return Boolean.parseBoolean(fromLauncher);
        Console console = System.console();
        return console != null && console.isTerminal();
    }

    /** The CLI value: auto, bar, plain or quiet. */
    public String cliName() { return name().toLowerCase(Locale.ROOT); }
}
