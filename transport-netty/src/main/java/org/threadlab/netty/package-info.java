/**
 * The Netty engine, shared by every model that runs on Netty (blocking, virtual, reactive): the
 * connection pipeline (timeouts, codec, body limit, one {@link org.threadlab.netty.ApiHandler}),
 * the listener and its event loops. What runs a request is the model's
 * ({@link org.threadlab.core.engine.Model}); nothing here knows which one.
 */
package org.threadlab.netty;
