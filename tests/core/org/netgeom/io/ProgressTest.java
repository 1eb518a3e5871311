package org.netgeom.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.netgeom.tensor.InvalidInputException;

class ProgressTest {
    private static final Duration INTERVAL = Duration.ofSeconds(10);

    /** A clock the test moves by hand. */
    private static final class ManualClock implements InstantSource {
        private Instant now = Instant.parse("2025-01-01T00:00:00Z");

        @Override public Instant instant() { return now; }

        void advance(Duration duration) { now = now.plus(duration); }
    }

    private final ManualClock clock = new ManualClock();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private List<String> lines() { return bytes.toString(StandardCharsets.UTF_8).lines().toList(); }

    @Test
    void plainLinesShowCountPercentRateElapsedAndEta() {
        Progress progress = Progress.plain("train", 100, "steps", stream, clock, INTERVAL);
        clock.advance(Duration.ofSeconds(5));
        progress.stepTo(25);

        // 25 steps in 5 s: 5 steps/s, and the remaining 75 steps take 15 s at that rate.
        assertEquals(List.of("train: 25/100 steps (25%), 5.00 steps/s, elapsed 5.0s, ETA 15.0s"), lines());
    }

    @Test
    void plainModePrintsOncePerTenthWhenStepsAreFast() {
        Progress progress = Progress.plain("bmd", 1000, "models", stream, clock, INTERVAL);
        for (int i = 0; i < 1000; i++) {
            clock.advance(Duration.ofMillis(1));
            progress.step();
        }
        List<String> lines = lines();
        assertEquals(10, lines.size(), String.join("\n", lines));
        for (int tenth = 1; tenth <= 10; tenth++) {
            assertTrue(lines.get(tenth - 1).startsWith("bmd: " + tenth * 100 + "/1000 models (" + tenth * 10 + "%)"),
                    lines.get(tenth - 1));
        }
    }

    @Test
    void plainModePrintsAfterTheIntervalWithinATenth() {
        Progress progress = Progress.plain("train", 1000, "steps", stream, clock, INTERVAL);
        clock.advance(Duration.ofSeconds(4));
        progress.stepBy(10);
        assertEquals(0, lines().size(), "less than a tenth and less than the interval: no line yet");
        clock.advance(Duration.ofSeconds(7));
        progress.stepBy(10);
        assertEquals(1, lines().size());
        assertTrue(lines().getFirst().startsWith("train: 20/1000 steps (2%)"), lines().getFirst());
        clock.advance(Duration.ofSeconds(3));
        progress.stepBy(10);
        assertEquals(1, lines().size(), "the interval restarts at each line");
    }

    @Test
    void messagesAreAppendedToLines() {
        Progress progress = Progress.plain("train", 10, "epochs", stream, clock, INTERVAL);
        progress.setMessage("loss 0.412");
        clock.advance(Duration.ofSeconds(2));
        progress.step();
        assertTrue(lines().getFirst().endsWith(", loss 0.412"), lines().getFirst());
    }

    @Test
    void closeSummarisesFinishedAndStoppedWork() {
        Progress finished = Progress.plain("train", 4, "steps", stream, clock, INTERVAL);
        clock.advance(Duration.ofSeconds(2));
        finished.stepTo(4);
        finished.close();
        finished.close();
        Progress stopped = Progress.plain("sweep", 10, "runs", stream, clock, INTERVAL);
        clock.advance(Duration.ofSeconds(75));
        stopped.stepTo(3);
        stopped.close();

        List<String> lines = lines();
        assertEquals("train: done, 4 steps in 2.0s (2.00 steps/s)", lines.get(1));
        assertEquals(2 + 2, lines.size(), "closing twice prints one summary: " + lines);
        assertEquals("sweep: stopped at 3/10 runs in 1m15s (0.04 runs/s)", lines.get(3));
    }

    @Test
    void anUnknownTotalPrintsCountsAndRateOnly() {
        Progress progress = Progress.plain("scan", 0, "files", stream, clock, INTERVAL);
        clock.advance(Duration.ofSeconds(20));
        progress.stepBy(500);
        assertEquals(List.of("scan: 500 files, 25.0 files/s, elapsed 20.0s"), lines());
    }

    @Test
    void durationsReadAsSecondsMinutesOrHours() {
        assertEquals("4.2s", PlainProgress.duration(Duration.ofMillis(4200)));
        assertEquals("3m05s", PlainProgress.duration(Duration.ofSeconds(185)));
        assertEquals("2h03m", PlainProgress.duration(Duration.ofSeconds(2 * 3600 + 3 * 60 + 59)));
    }

    @Test
    void autoModeDrawsABarOnlyOnAnInteractiveTerminalOutsideCi() {
        assertEquals(ProgressMode.BAR, ProgressMode.AUTO.resolve(true, Map.of("TERM", "xterm-256color")));
        assertEquals(ProgressMode.PLAIN, ProgressMode.AUTO.resolve(false, Map.of()));
        assertEquals(ProgressMode.PLAIN, ProgressMode.AUTO.resolve(true, Map.of("CI", "true")));
        assertEquals(ProgressMode.PLAIN, ProgressMode.AUTO.resolve(true, Map.of("TERM", "dumb")));
        assertEquals(ProgressMode.BAR, ProgressMode.AUTO.resolve(true, Map.of("CI", "false")));
        assertEquals(ProgressMode.QUIET, ProgressMode.QUIET.resolve(true, Map.of()));
        assertEquals(ProgressMode.PLAIN, ProgressMode.PLAIN.resolve(true, Map.of()));
    }

    @Test
    void quietModeStartsAReportThatPrintsNothing() {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (Progress progress = Progress.start(ProgressMode.QUIET, "train", 10, "steps")) {
            progress.stepBy(10);
            progress.setMessage("loss 1");
        } finally {
            System.setErr(original);
        }
        assertEquals("", captured.toString(StandardCharsets.UTF_8));
    }

    @Test
    void progressModesParseFromTheCommandLine() {
        assertEquals(ProgressMode.PLAIN, ProgressMode.parse("Plain"));
        InvalidInputException failure = assertThrows(InvalidInputException.class, () -> ProgressMode.parse("fancy"));
        assertTrue(failure.getMessage().contains("auto, bar, plain or quiet"), failure.getMessage());
    }
}
