package org.netgeom.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.netgeom.tensor.InvalidInputException;

class ParallelTest {
    @Test
    void morePartsThanThreadsRunEachOnceWithAtMostThreadsAtATime() {
        int parts = 11;
        AtomicIntegerArray runs = new AtomicIntegerArray(parts);
        AtomicInteger running = new AtomicInteger(), mostAtOnce = new AtomicInteger();
        try (Parallel parallel = Parallel.ofThreads(3)) {
            parallel.run(parts, part -> {
                mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                sleep(5);
                running.decrementAndGet();
                runs.incrementAndGet(part);
            });
        }
        int[] counts = new int[parts];
        for (int i = 0; i < parts; i++) counts[i] = runs.get(i);
        int[] once = new int[parts];
        Arrays.fill(once, 1);
        assertArrayEquals(once, counts, "every part runs exactly once");
        assertTrue(mostAtOnce.get() <= 3, mostAtOnce.get() + " parts ran at once on 3 threads");
    }

    @Test
    void partZeroRunsOnTheCallerAndTheOthersOnDaemonWorkers() {
        Thread[] ranOn = new Thread[4];
        try (Parallel parallel = Parallel.ofThreads(4, "netgeom-test")) {
            parallel.run(4, part -> ranOn[part] = Thread.currentThread());
        }
        assertSame(Thread.currentThread(), ranOn[0]);
        for (int part = 1; part < 4; part++) {
            assertTrue(ranOn[part].isDaemon() && ranOn[part].getName().startsWith("netgeom-test-"), ranOn[part].getName());
        }
    }

    @Test
    void theFirstFailureIsRethrownWithTheOthersSuppressedAfterEveryPartFinished() {
        AtomicInteger finished = new AtomicInteger();
        IllegalStateException first = new IllegalStateException("part 0");
        AssertionError third = new AssertionError("part 3");
        try (Parallel parallel = Parallel.ofThreads(2)) {
            RuntimeException thrown = assertThrows(RuntimeException.class, () -> parallel.run(5, part -> {
                sleep(5);
                if (part == 0) throw first;
                if (part == 3) throw third;
                finished.incrementAndGet();
            }));
            assertSame(first, thrown, "part 0's failure, as thrown");
            assertEquals(List.of(third), List.of(thrown.getSuppressed()));
        }
        assertEquals(3, finished.get(), "the parts that did not fail all ran before run returned");
    }

    @Test
    void aWorkersErrorIsRethrownAsItIs() {
        OutOfMemoryError error = new OutOfMemoryError("part 1");
        try (Parallel parallel = Parallel.ofThreads(2)) {
            assertSame(error, assertThrows(OutOfMemoryError.class, () -> parallel.run(2, part -> {
                if (part == 1) throw error;
            })));
        }
    }

    @Test
    void closeStopsTheWorkersAndRefusesWorkThatNeedsThem() throws InterruptedException {
        Set<Thread> workers = ConcurrentHashMap.newKeySet();
        Parallel parallel = Parallel.ofThreads(3);
        CountDownLatch allStarted = new CountDownLatch(3);
        parallel.run(3, part -> {
            allStarted.countDown();
            await(allStarted);  // all three at once, so two distinct workers start
            if (part > 0) workers.add(Thread.currentThread());
        });
        assertEquals(2, workers.size());
        parallel.close();
        for (Thread worker : workers) worker.join(10_000);
        assertFalse(workers.stream().anyMatch(Thread::isAlive), "close stops the worker threads");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> parallel.run(2, part -> {}));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        AtomicInteger onCaller = new AtomicInteger();
        parallel.run(1, part -> onCaller.incrementAndGet());
        assertEquals(1, onCaller.get(), "one part needs no worker and still runs on the caller");
    }

    @Test
    void forRangeCoversTheRangeOnceInContiguousPartsAndStaysOnTheCallerBelowTheMinimum() {
        try (Parallel parallel = Parallel.ofThreads(3)) {
            AtomicIntegerArray covered = new AtomicIntegerArray(100);
            Set<Long> starts = ConcurrentHashMap.newKeySet();
            parallel.forRange(100, 10, (from, to) -> {
                starts.add(from);
                for (long i = from; i < to; i++) covered.incrementAndGet((int) i);
            });
            for (int i = 0; i < 100; i++) assertEquals(1, covered.get(i), "element " + i);
            assertEquals(Set.of(0L, 33L, 66L), starts);

            Set<Thread> threads = ConcurrentHashMap.newKeySet();
            parallel.forRange(100, 51, (from, to) -> threads.add(Thread.currentThread()));
            assertEquals(Set.of(Thread.currentThread()), threads, "under 51 elements per part: one part, on the caller");
        }
    }

    @Test
    void fewerThanOneThreadIsRefusedWithTheCount() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Parallel.ofThreads(0));
        assertTrue(e.getMessage().contains("at least 1") && e.getMessage().contains("got 0"), e.getMessage());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) throw new AssertionError("the parts did not all start");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
