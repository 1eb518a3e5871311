package org.netgeom.cli.plot;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.netgeom.io.Progress;
import org.netgeom.io.ProgressBarProvider;

/** A {@link Progress} drawn as a redrawn bar on the terminal (stderr), by the progressbar library. */
final class BarProgress implements Progress {

    /** Registered in META-INF/services: the library's {@code ProgressMode.BAR} draws with it. */
    public static final class Provider implements ProgressBarProvider {
        @Override
        public Progress open(String task, long total, String unit) { return new BarProgress(task, total, unit); }
    }

    private final ProgressBar bar;

    BarProgress(String task, long total, String unit) {
        bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total > 0 ? total : -1)
                .setUnit(" " + unit, 1)
                .setStyle(ProgressBarStyle.UNICODE_BLOCK)
                .setUpdateIntervalMillis(250)
                .showSpeed()
                .build();
    }

    @Override public void stepBy(long steps) { bar.stepBy(steps); }

    @Override public void stepTo(long done) { bar.stepTo(done); }

    /** The library prints the message right after the speed, so it needs its own separator. */
    @Override
    public void setMessage(String message) {
        bar.setExtraMessage(message == null || message.isEmpty() ? "" : " " + message);
    }

    @Override public void close() { bar.close(); }
}
