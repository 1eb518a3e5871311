package org.netgeom.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The caching allocator against a recording stand-in for the driver (no GPU needed). */
class DeviceMemoryCacheTest {
    private final List<Long> mallocs = new ArrayList<>();
    private final List<Long> frees = new ArrayList<>();
    private long nextAddress = 0x1000;
    private long limit = Long.MAX_VALUE;
    private long inUse;
    private final java.util.Map<Long, Long> sizes = new java.util.HashMap<>();

    private CudaApi recordingApi() {
        return (CudaApi) Proxy.newProxyInstance(CudaApi.class.getClassLoader(), new Class<?>[] {CudaApi.class}, (proxy, method, args) -> {
            switch (method.getName()) {
                case "malloc" -> {
                    long bytes = (Long) args[0];
                    if (inUse + bytes > limit) throw new DeviceOutOfMemoryException("cuMemAlloc", 2, "CUDA_ERROR_OUT_OF_MEMORY", bytes, limit - inUse, limit);
                    mallocs.add(bytes);
                    inUse += bytes;
                    long address = nextAddress;
                    nextAddress += bytes;
                    sizes.put(address, bytes);
                    return address;
                }
                case "free" -> {
                    frees.add((Long) args[0]);
                    inUse -= sizes.remove((Long) args[0]);
                    return null;
                }
                default -> throw new UnsupportedOperationException(method.getName());
            }
        });
    }

    @Test
    void aReleasedBlockIsReusedForTheSameRoundedSize() {
        DeviceMemoryCache cache = new DeviceMemoryCache(recordingApi());
        long first = cache.allocate(1000);
        cache.release(first, 1000);
        assertEquals(first, cache.allocate(1010), "1000 and 1010 bytes round to the same 1024-byte block");
        assertEquals(1, mallocs.size());
        cache.allocate(5000);
        assertEquals(2, mallocs.size(), "another size needs a new block");
        assertEquals(List.of(), frees, "nothing is returned to the driver before trim");
    }

    @Test
    void trimReturnsEveryCachedBlock() {
        DeviceMemoryCache cache = new DeviceMemoryCache(recordingApi());
        long a = cache.allocate(100), b = cache.allocate(100), c = cache.allocate(9000);
        cache.release(a, 100);
        cache.release(b, 100);
        cache.release(c, 9000);
        assertEquals(512 + 512 + 9216, cache.cachedBytes());
        cache.trim();
        assertEquals(3, frees.size());
        assertEquals(0, cache.cachedBytes());
    }

    @Test
    void outOfMemoryFirstReturnsTheCacheThenFailsWithTheDriversMessage() {
        limit = 4096;
        DeviceMemoryCache cache = new DeviceMemoryCache(recordingApi());
        long block = cache.allocate(3000);
        cache.release(block, 3000);
        long other = cache.allocate(2048);
        assertEquals(1, frees.size(), "the cached 3072-byte block was returned to make room");
        assertEquals(2, mallocs.size());
        assertThrows(DeviceOutOfMemoryException.class, () -> cache.allocate(1L << 40));
        cache.release(other, 2048);
    }
}
