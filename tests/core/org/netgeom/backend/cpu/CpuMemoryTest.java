package org.netgeom.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.netgeom.io.HeapExhaustedException;
import org.netgeom.tensor.DeviceMatrix;
import org.netgeom.tensor.Matrix;
import org.netgeom.tensor.MemoryScope;
import org.netgeom.tensor.ShapeMismatchException;

/** Ownership, views, liveBytes, use-after-close and foreign matrices; the backend's threads. */
class CpuMemoryTest {
    @Test
    void aMatrixLargerThanTheFreeHeapIsRefusedBeforeItIsAllocated() {
        try (CpuBackend backend = new CpuBackend(1)) {
            HeapExhaustedException e = assertThrows(HeapExhaustedException.class, () -> backend.allocate(100_000, 100_000));
            assertTrue(e.getMessage().contains("100000 x 100000") && e.getMessage().contains("NETGEOM_JAVA_OPTS=-Xmx"),
                    e.getMessage());
            assertEquals(0, backend.liveBytes(), "nothing counted as allocated");
        }
    }


    @Test
    void liveBytesReturnToZeroAfterCloses() {
        try (CpuBackend backend = new CpuBackend(2)) {
            DeviceMatrix a = backend.allocate(3, 5);
            DeviceMatrix b = backend.upload(new Matrix(7, 2));
            DeviceMatrix view = backend.view(a, 2, 2, 4);
            assertEquals(4L * (15 + 14), backend.liveBytes(), "views own nothing");
            view.close();
            a.close();
            a.close();
            assertEquals(4L * 14, backend.liveBytes(), "closing twice frees once");
            b.close();
            assertEquals(0, backend.liveBytes());
        }
    }

    @Test
    void memoryScopeFreesEverything() {
        try (CpuBackend backend = new CpuBackend(1)) {
            try (MemoryScope scope = new MemoryScope(backend)) {
                for (int i = 1; i < 50; i++) scope.allocate(i, 3);
                scope.upload(new Matrix(10, 10));
                scope.adopt(backend.allocate(4, 4));
                assertTrue(backend.liveBytes() > 0);
            }
            assertEquals(0, backend.liveBytes());
        }
    }

    @Test
    void writesThroughAViewReachTheOwner() {
        try (CpuBackend backend = new CpuBackend(1); MemoryScope scope = new MemoryScope(backend)) {
            DeviceMatrix base = scope.allocate(4, 3);
            DeviceMatrix view = backend.view(base, 5, 2, 2);
            DeviceMatrix viewOfView = backend.view(view, 1, 1, 2);
            backend.fill(viewOfView, 2f);
            assertTrue(view.isView() && viewOfView.isView() && !base.isView());
            float[] expected = new float[12];
            expected[6] = expected[7] = 2f;
            assertEquals(java.util.Arrays.toString(expected), java.util.Arrays.toString(backend.download(base).data()));
        }
    }

    @Test
    void viewOutsideItsBaseIsRefusedWithBothShapes() {
        try (CpuBackend backend = new CpuBackend(1); MemoryScope scope = new MemoryScope(backend)) {
            DeviceMatrix base = scope.allocate(4, 3);
            ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> backend.view(base, 10, 1, 3));
            assertTrue(e.getMessage().contains("1x3") && e.getMessage().contains("4x3"), e.getMessage());
            assertThrows(ShapeMismatchException.class, () -> backend.view(base, -1, 1, 1));
        }
    }

    @Test
    void useAfterCloseNamesTheShape() {
        try (CpuBackend backend = new CpuBackend(1)) {
            DeviceMatrix m = backend.allocate(6, 9);
            DeviceMatrix view = backend.view(m, 0, 2, 2);
            m.close();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> backend.download(m));
            assertTrue(e.getMessage().contains("6x9"), e.getMessage());
            assertThrows(IllegalStateException.class, () -> backend.fill(view, 1f), "a view dies with its owner");
        }
    }

    @Test
    void matricesOfAnotherBackendAreRefused() {
        try (CpuBackend first = new CpuBackend(1); CpuBackend second = new CpuBackend(1)) {
            DeviceMatrix foreign = first.allocate(2, 3);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> second.download(foreign));
            assertTrue(e.getMessage().contains("2x3") && e.getMessage().contains("another"), e.getMessage());
            foreign.close();
        }
    }

    @Test
    void uploadShapeMismatchNamesBothShapes() {
        try (CpuBackend backend = new CpuBackend(1); MemoryScope scope = new MemoryScope(backend)) {
            DeviceMatrix target = scope.allocate(2, 3);
            ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> backend.upload(new Matrix(3, 2), target));
            assertTrue(e.getMessage().contains("2x3") && e.getMessage().contains("3x2"), e.getMessage());
        }
    }

    @Test
    void closedBackendStopsItsDaemonThreadsAndRefusesWork() throws InterruptedException {
        java.util.Set<Thread> before = workerThreads();
        CpuBackend backend = new CpuBackend(2);
        DeviceMatrix a = backend.allocate(300, 300), c = backend.allocate(300, 300);
        backend.gemm(false, false, 1f, a, a, 0f, c);  // large enough to start the worker
        java.util.Set<Thread> started = workerThreads();
        started.removeAll(before);
        assertFalse(started.isEmpty(), "a large product runs on a worker thread");
        assertTrue(started.stream().allMatch(Thread::isDaemon), "worker threads must not keep the JVM alive");
        backend.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> backend.gemm(false, false, 1f, a, a, 0f, c));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        a.close();
        c.close();
        assertEquals(0, backend.liveBytes(), "matrices stay closable after the backend");
        for (Thread t : started) t.join(10_000);
        assertFalse(started.stream().anyMatch(Thread::isAlive), "close stops the worker threads");
    }

    private static java.util.Set<Thread> workerThreads() {
        java.util.Set<Thread> threads = new java.util.HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) if (t.getName().startsWith("netgeom-cpu-")) threads.add(t);
        return threads;
    }
}
