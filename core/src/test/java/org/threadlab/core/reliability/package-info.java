/**
 * How every server behaves when things go wrong, written once: raw-socket bad input
 * ({@link org.threadlab.core.reliability.BadInputs}, sent by {@link org.threadlab.core.reliability.RawHttp}),
 * slow and idle clients, overload, database faults and graceful shutdown, in the abstract
 * {@link org.threadlab.core.reliability.ReliabilitySuite} that each server module subclasses. The
 * behaviour that legitimately differs between engines is listed in one place,
 * {@link org.threadlab.core.reliability.BadInputs#DIFFERENCES}. Shipped in core's test-jar.
 */
package org.threadlab.core.reliability;
