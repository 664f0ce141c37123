package org.threadlab.virtual;

import java.lang.management.ManagementFactory;
import javax.management.Attribute;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The number of carrier threads of the JDK's virtual-thread scheduler, set from {@code --io-threads}
 * so that the virtual server runs its requests on as many platform threads as the other two run
 * their event loops. The scheduler is one per JVM: from JDK 24 on it is resized through its
 * management bean, at any time; before that only the system property can size it, and only if it
 * is set before the first virtual thread starts (as the server's main does).
 */
final class CarrierThreads {
    static final String PARALLELISM_PROPERTY = "jdk.virtualThreadScheduler.parallelism";
    private static final String SCHEDULER_BEAN = "jdk.management:type=VirtualThreadScheduler";

    private CarrierThreads() {
    }

    static void use(int count) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            ObjectName scheduler = new ObjectName(SCHEDULER_BEAN);
            if (server.isRegistered(scheduler)) {
                server.setAttribute(scheduler, new Attribute("Parallelism", count));
                return;
            }
        } catch (JMException e) {
            throw new IllegalStateException("cannot set the virtual-thread scheduler's parallelism to " + count, e);
        }
        System.setProperty(PARALLELISM_PROPERTY, Integer.toString(count));
    }

    /** The scheduler's parallelism, where the JDK tells it (JDK 24 and newer); -1 otherwise. */
    static int current() {
        try {
            ObjectName scheduler = new ObjectName(SCHEDULER_BEAN);
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            return server.isRegistered(scheduler) ? (Integer) server.getAttribute(scheduler, "Parallelism") : -1;
        } catch (JMException e) {
            return -1;
        }
    }
}
