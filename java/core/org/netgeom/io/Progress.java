package org.netgeom.io;

import java.io.PrintStream;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;

/**
 * Reports how far long work has come: a progress bar on a terminal (where a
 * {@link ProgressBarProvider} is on the class path), a plain line now and then
 * when stderr goes to a file or CI log, nothing in quiet mode. Always on stderr, so stdout
 * stays free for results. Use one per loop and close it when the loop ends:
 * <pre>{@code
 * try (Progress progress = Progress.start(ProgressMode.AUTO, "train", totalSteps, "steps")) {
 *     for (...) { ...; progress.step(); }
 * }
 * }</pre>
 */
public interface Progress extends AutoCloseable {

    /** Adds {@code steps} to the count of finished units. */
    void stepBy(long steps);

    /** One more unit finished. */
    default void step() { stepBy(1); }

    /** Sets the count of finished units (e.g. when resuming part-way). */
    void stepTo(long done);

    /** A short status shown after the counts, such as "loss 0.412"; null or empty clears it. */
    void setMessage(String message);

    /** Ends the report (a bar is completed, plain mode prints a final summary line). Idempotent. */
    @Override
    void close();

    /**
     * Starts a report on stderr.
     *
     * @param task  what is running, e.g. "train" or "bmd"
     * @param total the number of units when done; 0 or less when unknown
     * @param unit  what is counted, plural, e.g. "steps", "models"
     */
    static Progress start(ProgressMode mode, String task, long total, String unit) {
        ProgressMode resolved = mode.resolve(ProgressMode.stderrIsTerminal(), System.getenv());
        return switch (resolved) {
            case QUIET -> QuietProgress.INSTANCE;
            case BAR -> ProgressBarProvider.find().map(bars -> bars.open(task, total, unit))
                    .orElseGet(() -> plainOnStderr(task, total, unit));
            case PLAIN, AUTO -> plainOnStderr(task, total, unit);
        };
    }

    private static Progress plainOnStderr(String task, long total, String unit) {
        return new PlainProgress(task, total, unit, System.err, InstantSource.system(), PlainProgress.DEFAULT_INTERVAL);
    }

    /** A report that prints nothing (tests, nested loops, --quiet). */
    static Progress quiet() { return QuietProgress.INSTANCE; }

    /** For callers that print to their own stream, e.g. a CLI test capturing stderr. */
    static Progress plain(String task, long total, String unit, PrintStream out, InstantSource clock,
                          Duration interval) {
        return new PlainProgress(task, total, unit, out, clock, interval);
    }

    /** Whether an environment (as {@link System#getenv()}) says it is a CI run: CI set to anything but false/0. */
    static boolean isContinuousIntegration(Map<String, String> environment) {
        String ci = environment.get("CI");
        return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false") && !ci.equals("0");
    }
}
