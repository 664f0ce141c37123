/**
 * The blocking server: Tomcat's model on Netty. Netty's event loops only read and write bytes;
 * every request runs start to finish on one thread of a bounded pool of platform threads
 * ({@code --workers}), which it holds while it waits for the database. A full pool queue
 * ({@code --worker-queue}) is answered 503 at once. Each connection's pipeline also enforces
 * {@code --idle-timeout} and {@code --read-timeout} ({@link org.threadlab.blocking.ConnectionTimeouts})
 * and answers what Netty's decoder rejects with core's transport failures.
 */
package org.threadlab.blocking;
