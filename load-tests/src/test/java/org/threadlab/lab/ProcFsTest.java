package org.threadlab.lab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcFsTest {
    @Test
    void contextSwitchesAreSummedOverEveryThread() throws Exception {
        long pid = ProcessHandle.current().pid();
        long[] before = ProcFs.contextSwitches(pid);
        assertTrue(before[0] >= 0 && before[1] >= 0, "this JVM's switches are readable");
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
        long[] during = ProcFs.contextSwitches(pid);
        sleepers.forEach(t -> {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertTrue(during[0] - before[0] >= 20, "20 threads that slept 10 times each switched voluntarily: "
                + before[0] + " -> " + during[0]);
    }

    @Test
    void aProcessThatIsGoneHasNoFigures() {
        assertArrayEquals(new long[] {-1, -1, 0}, ProcFs.contextSwitches(Long.MAX_VALUE));
    }
}
