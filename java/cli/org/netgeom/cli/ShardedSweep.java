package org.netgeom.cli;

/**
 * A command that {@code --devices} runs as local shards ({@link LocalShards}): what the parent
 * process does once, on the whole command line, before it starts any child.
 */
interface ShardedSweep {
    /**
     * Opens OUT and closes it again as the one-process run opens it: a folder holding results of
     * other settings is refused (or, with {@code --overwrite}, cleared) before any shard runs.
     */
    void checkWholeOut();

    /** True when the sweep reads Fashion-MNIST from the default folder, which the parent installs once for all children. */
    boolean readsDefaultFashionMnist();
}
