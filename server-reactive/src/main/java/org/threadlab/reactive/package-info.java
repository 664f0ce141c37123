/**
 * The reactive server: Vert.x core event loops, one {@link org.threadlab.reactive.ApiVerticle} per
 * loop, the database's non-blocking face, and timers in place of every wait.
 */
package org.threadlab.reactive;
