package org.netgeom.io;

/** A {@link Progress} that reports nothing. */
final class QuietProgress implements Progress {
    static final QuietProgress INSTANCE = new QuietProgress();

    private QuietProgress() {}

    @Override public void stepBy(long steps) {}

    @Override public void stepTo(long done) {}

    @Override public void setMessage(String message) {}

    @Override public void close() {}
}
