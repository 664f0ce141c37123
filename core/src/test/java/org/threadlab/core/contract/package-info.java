/**
 * The contract every server honours, written once: the table of requests and expected answers
 * ({@link org.threadlab.core.contract.ContractCases}), the client that sends them
 * ({@link org.threadlab.core.contract.ContractClient}) and the abstract JUnit suite that each
 * server module subclasses ({@link org.threadlab.core.contract.ContractSuite}). Shipped in
 * core's test-jar; the cross-server agreement test in load-tests reuses the same table.
 */
package org.threadlab.core.contract;
