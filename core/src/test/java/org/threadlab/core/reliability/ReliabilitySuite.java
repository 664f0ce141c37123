package org.threadlab.core.reliability;

import org.junit.jupiter.api.TestInstance;
import org.threadlab.core.options.ServerFactory;

/**
 * What every server does when things go wrong, written once. A server module runs it with a
 * subclass:
 * <pre>{@code
 * class BlockingReliabilityTest extends ReliabilitySuite {
 *     protected ServerFactory factory() { return BlockingServer::start; }
 *     protected String model() { return "blocking"; }
 *     protected Class<?> mainClass() { return Main.class; }
 * }
 * }</pre>
 * Each test starts its own server on port 0 with the options it is about, and the suite stops
 * every server it started. Timing checks are loose (seconds of slack), as the machine is shared.
 *
 * <ul>
 *   <li>{@link #badInputBattery}: the {@link BadInputs} table over raw sockets, then the server must
 *       still serve, and its counters must match what it answered;</li>
 *   <li>{@link #slowClientsAreCutOffWhileOthersAreServed} and {@link #idleConnectionsAreHeldThenClosed}:
 *       {@code --read-timeout} and {@code --idle-timeout};</li>
 *   <li>{@link #nothingIsLostUnderConcurrentWrites}: 3000 orders from 300 clients, all read back,
 *       counters equal to the clients' counts;</li>
 *   <li>{@link #overloadIsShedAndThroughputRecovers}: a 2000-request burst against
 *       {@code --max-in-flight 50};</li>
 *   <li>{@link #shutdownLetsRequestsInFlightFinish} and {@link #shutdownGivesUpAtItsDeadline}:
 *       {@code close()}, which SIGTERM triggers through ServerMain; and, when the subclass names its
 *       {@link #mainClass()}, {@link #sigtermLetsRequestsInFlightFinishAndExitsZero} with a real process;</li>
 *   <li>the database faults: 503, 504 and pool exhaustion, with core's bodies.</li>
 * </ul>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ReliabilitySuite extends DatabaseFaultPolicy {
}
