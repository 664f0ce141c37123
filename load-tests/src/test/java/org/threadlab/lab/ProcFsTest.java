package org.threadlab.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.threadlab.report.LevelRow.RoleThreads;

class ProcFsTest {
    private static final long PID = ProcessHandle.current().pid();

    @Test
    void contextSwitchesAreSummedOverEveryThread() throws Exception {
        ProcFs.Threads before = ProcFs.threads(PID);
        assertTrue(before.voluntary() >= 0 && before.involuntary() >= 0, "this JVM's switches are readable");
        List<Thread> sleepers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            // each sleep blocks its thread: at least one voluntary switch per sleep
            sleepers.add(Thread.ofPlatform().start(() -> {
                for (int n = 0; n < 10; n++) {
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }));
        }
        Thread.sleep(100);
        ProcFs.Threads during = ProcFs.threads(PID);
        for (Thread t : sleepers) {
            t.join();
        }
        assertTrue(during.voluntary() - before.voluntary() >= 20, "20 threads that slept 10 times each switched "
                + "voluntarily: " + before.voluntary() + " -> " + during.voluntary());
    }

    @Test
    void eachRoleCountsItsThreadsAndThoseRunning() throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch started = new CountDownLatch(4);
        List<Thread> threads = new ArrayList<>();
        // three workers asleep (as if waiting for the database), one event loop spinning
        for (int i = 1; i <= 3; i++) {
            threads.add(Thread.ofPlatform().name("worker-" + i).start(() -> {
                started.countDown();
                while (!stop.get()) {
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }));
        }
        threads.add(Thread.ofPlatform().name("io-9-1").start(() -> {
            started.countDown();
            long x = 0;
            while (!stop.get()) {
                x += System.nanoTime() % 7;
            }
            assertTrue(x >= 0);
        }));
        started.await();
        try {
            int workersRunning = 0;
            int loopRunning = 0;
            int readings = 20;
            for (int n = 0; n < readings; n++) {
                ProcFs.Threads now = ProcFs.threads(PID);
                assertTrue(now.roles().get(RoleThreads.WORKER)[0] >= 3, "our three workers are counted");
                assertTrue(now.count() >= 4);
                workersRunning += now.roles().get(RoleThreads.WORKER)[1];
                loopRunning += now.roles().get(RoleThreads.EVENT_LOOP)[1];
                Thread.sleep(3);
            }
            assertTrue(loopRunning >= readings / 2, "the spinning loop is mostly in state R: " + loopRunning + " of " + readings);
            assertTrue(workersRunning < readings * 3 / 2, "the sleeping workers mostly are not: " + workersRunning
                    + " running in " + readings + " readings of 3");
        } finally {
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
        }
    }

    @Test
    void threadNamesMapToTheirRoles() {
        assertEquals(RoleThreads.WORKER, ThreadRoles.of("worker-12"));
        assertEquals(RoleThreads.EVENT_LOOP, ThreadRoles.of("io-3-1"));
        assertEquals(RoleThreads.EVENT_LOOP, ThreadRoles.of("vert.x-eventloo"));
        assertEquals(RoleThreads.CARRIER, ThreadRoles.of("ForkJoinPool-1-"));
        assertEquals(RoleThreads.OTHER, ThreadRoles.of("C2 CompilerThre"));
    }

    @Test
    void aProcessThatIsGoneHasNoFigures() {
        ProcFs.Threads gone = ProcFs.threads(Long.MAX_VALUE);
        assertEquals(-1, gone.switches());
        assertEquals(0, gone.count());
    }
}
