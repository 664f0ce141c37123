/**
 * The virtual-thread server: Helidon SE 4 WebServer, which runs every connection (and so every
 * request) on its own virtual thread; the request's virtual thread blocks on the simulated
 * database and unmounts while it waits. One adapter handler feeds every request to the core API;
 * what Helidon rejects itself gets core's answer through a direct handler, and a watchdog enforces
 * the idle and read timeouts that Helidon lacks.
 */
package org.threadlab.virtual;
