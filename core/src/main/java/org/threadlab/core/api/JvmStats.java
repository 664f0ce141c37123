package org.threadlab.core.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * What the JVM says about itself: heap, platform threads, GC, CPU, total JIT compile time (shows
 * whether a server is still compiling), and the virtual-thread scheduler where the JDK exposes it
 * (JDK 24 and newer).
 */
record JvmStats(long heapUsedBytes, long heapCommittedBytes, int liveThreads, int peakThreads, int daemonThreads,
                long gcCount, long gcTimeMs, long processCpuNanos, int availableProcessors, long jitCompileMs,
                @JsonInclude(JsonInclude.Include.ALWAYS) Map<String, Object> virtualThreadScheduler) {

    private static final String[] SCHEDULER_ATTRIBUTES = {
        "Parallelism", "PoolSize", "MountedVirtualThreadCount", "QueuedVirtualThreadCount"};

    static JvmStats now() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long gcCount = 0;
        long gcTime = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcCount += Math.max(0, gc.getCollectionCount());
            gcTime += Math.max(0, gc.getCollectionTime());
        }
        long cpu = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long jitMs = jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
        return new JvmStats(heap.getUsed(), heap.getCommitted(), threads.getThreadCount(),
                threads.getPeakThreadCount(), threads.getDaemonThreadCount(), gcCount, gcTime, cpu,
                Runtime.getRuntime().availableProcessors(), jitMs, schedulerFigures());
    }

    private static Map<String, Object> schedulerFigures() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            ObjectName name = new ObjectName("jdk.management:type=VirtualThreadScheduler");
            if (!server.isRegistered(name)) {
                return null;
            }
            Map<String, Object> values = new LinkedHashMap<>();
            for (String attribute : SCHEDULER_ATTRIBUTES) {
                String key = Character.toLowerCase(attribute.charAt(0)) + attribute.substring(1);
                values.put(key, server.getAttribute(name, attribute));
            }
            return values;
        } catch (Exception e) {
            return null;
        }
    }
}
