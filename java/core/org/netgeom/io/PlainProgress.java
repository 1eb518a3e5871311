package org.netgeom.io;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Locale;

/**
 * {@link Progress} as occasional plain lines, for logs: a line each time another tenth of the
 * work is done, or when {@code interval} has passed since the last line, whichever comes
 * first; then a summary line on close. With an unknown total, only the interval applies.
 * <pre>
 * train: 1200/4690 steps (25%), 312 steps/s, elapsed 3.8s, ETA 11.2s, loss 0.412
 * train: done, 4690 steps in 15.0s (313 steps/s)
 * </pre>
 */
final class PlainProgress implements Progress {
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

    private final String task;
    private final long total;
    private final String unit;
    private final PrintStream out;
    private final InstantSource clock;
    private final Duration interval;
    private final Instant start;
    private Instant lastLine;
    private long lastTenth;
    private long done;
    private String message = "";
    private boolean closed;

    PlainProgress(String task, long total, String unit, PrintStream out, InstantSource clock, Duration interval) {
        if (interval.isNegative()) throw new IllegalArgumentException("interval must not be negative, got " + interval);
        this.task = task;
        this.total = Math.max(total, 0);
        this.unit = unit;
        this.out = out;
        this.clock = clock;
        this.interval = interval;
        this.start = clock.instant();
        this.lastLine = start;
    }

    @Override
    public synchronized void stepBy(long steps) { update(done + steps); }

    @Override
    public synchronized void stepTo(long newDone) { update(newDone); }

    @Override
    public synchronized void setMessage(String newMessage) { message = newMessage == null ? "" : newMessage; }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        Duration elapsed = Duration.between(start, clock.instant());
        String verb = total > 0 && done < total ? "stopped at " + done + "/" + total : "done, " + done;
        out.println(task + ": " + verb + " " + unit + " in " + duration(elapsed) + " (" + rate(done, elapsed) + " "
                + unit + "/s)");
        out.flush();
    }

    private void update(long newDone) {
        if (closed) return;
        done = newDone;
        Instant now = clock.instant();
        long tenth = total > 0 ? Math.min(10, done * 10 / total) : 0;
        boolean newTenth = tenth > lastTenth;
        boolean intervalPassed = Duration.between(lastLine, now).compareTo(interval) >= 0;
        if (newTenth || intervalPassed) {
            lastTenth = Math.max(lastTenth, tenth);
            lastLine = now;
            out.println(progressLine(Duration.between(start, now)));
            out.flush();
        }
    }

    private String progressLine(Duration elapsed) {
        StringBuilder line = new StringBuilder(task).append(": ").append(done);
        if (total > 0) {
            line.append('/').append(total).append(' ').append(unit)
                    .append(" (").append(Math.min(100, done * 100 / total)).append("%)");
        } else {
            line.append(' ').append(unit);
        }
        line.append(", ").append(rate(done, elapsed)).append(' ').append(unit).append("/s")
                .append(", elapsed ").append(duration(elapsed));
        if (total > 0) line.append(", ETA ").append(eta(elapsed));
        if (!message.isEmpty()) line.append(", ").append(message);
        return line.toString();
    }

    private String eta(Duration elapsed) {
        if (done <= 0 || elapsed.isZero()) return "?";
        long remaining = Math.max(0, total - done);
        return duration(Duration.ofNanos((long) ((double) elapsed.toNanos() * remaining / done)));
    }

    /** Units per second, with two or three significant figures. */
    static String rate(long units, Duration elapsed) {
        double seconds = elapsed.toNanos() / 1e9;
        if (seconds <= 0) return "?";
        double perSecond = units / seconds;
        String format = perSecond >= 100 ? "%.0f" : perSecond >= 10 ? "%.1f" : "%.2f";
        return String.format(Locale.ROOT, format, perSecond);
    }

    /** 4.2s, 3m05s or 2h03m. */
    static String duration(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 60) return String.format(Locale.ROOT, "%.1fs", duration.toMillis() / 1000.0);
        if (seconds < 3600) return String.format(Locale.ROOT, "%dm%02ds", seconds / 60, seconds % 60);
        return String.format(Locale.ROOT, "%dh%02dm", seconds / 3600, (seconds % 3600) / 60);
    }
}
