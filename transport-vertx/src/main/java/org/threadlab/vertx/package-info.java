/**
 * The Vert.x engine, shared by every model that runs on Vert.x (blocking, virtual, reactive): one
 * HTTP server verticle per event loop on one port, each connection watched for idle and slow
 * requests ({@link org.threadlab.vertx.ConnectionWatch}), the database's timers on the loops. What
 * runs a request is the model's ({@link org.threadlab.core.engine.Model}); nothing here knows which.
 */
package org.threadlab.vertx;
