package org.threadlab.netty;

import io.netty.handler.codec.http.HttpRequest;

/**
 * A whole request as {@link BoundedRequestAggregator} hands it to {@link ApiHandler}.
 *
 * @param head         the request line and headers; its decoder result tells whether it was malformed
 * @param body         the body, empty when there was none or when {@code bodyTooLarge}
 * @param bodyTooLarge the body was longer than {@link org.threadlab.core.api.Api#MAX_BODY_BYTES}
 *                     and was not kept
 * @param keepAlive    whether the connection may serve another request after this one's response
 */
record ReceivedRequest(HttpRequest head, byte[] body, boolean bodyTooLarge, boolean keepAlive) {
}
