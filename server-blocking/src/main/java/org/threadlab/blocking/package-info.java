/**
 * The blocking server: Tomcat's model on Netty. Netty's event loops only read and write bytes;
 * every request runs start to finish on one thread of a bounded pool of platform threads
 * ({@code --workers}), which it holds while it waits for the database. A full pool queue
 * ({@code --worker-queue}) is answered 503 at once.
 */
package org.threadlab.blocking;
