package org.netgeom.backend.cuda;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Keeps freed device blocks for reuse, by size. cuMemFree synchronizes the whole device and
 * cuMemAlloc is slow, so code that allocates short-lived matrices in a loop (evaluation per
 * interpolation point, BMD batches) would otherwise stall the stream on every iteration, as
 * PyTorch's caching allocator avoids too. Blocks are returned to the driver on {@link #trim()}
 * (and when an allocation would otherwise run out of memory) and on close.
 */
final class DeviceMemoryCache {
    /** Sizes are rounded up to this granularity so that near-equal requests share blocks. */
    private static final long GRANULE = 512;

    private final CudaApi api;
    private final Map<Long, ArrayDeque<Long>> free = new HashMap<>();
    private long cachedBytes;

    DeviceMemoryCache(CudaApi api) { this.api = api; }

    static long roundUp(long bytes) { return (Math.max(bytes, 1) + GRANULE - 1) / GRANULE * GRANULE; }

    /** A block of at least {@code bytes}: a cached one of the same rounded size, else a new one. */
    long allocate(long bytes) {
        long size = roundUp(bytes);
        ArrayDeque<Long> blocks = free.get(size);
        if (blocks != null && !blocks.isEmpty()) {
            cachedBytes -= size;
            return blocks.pop();
        }
        try {
            return api.malloc(size);
        } catch (DeviceOutOfMemoryException e) {
            if (cachedBytes == 0) throw e;
            trim();
            return api.malloc(size);
        }
    }

    /** Keeps the block for reuse. */
    void release(long pointer, long bytes) {
        long size = roundUp(bytes);
        free.computeIfAbsent(size, s -> new ArrayDeque<>()).push(pointer);
        cachedBytes += size;
    }

    /** Returns every cached block to the driver. */
    void trim() {
        for (ArrayDeque<Long> blocks : free.values()) {
            while (!blocks.isEmpty()) api.free(blocks.pop());
        }
        free.clear();
        cachedBytes = 0;
    }

    long cachedBytes() { return cachedBytes; }
}
