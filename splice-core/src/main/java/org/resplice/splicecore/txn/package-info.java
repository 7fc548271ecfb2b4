/**
 * The transaction model (design §4.3): {@link org.resplice.splicecore.txn.Transaction} (one
 * request and its response, as offsets in the two byte streams of a connection),
 * {@link org.resplice.splicecore.txn.TransactionId} (the 64-bit id layout),
 * {@link org.resplice.splicecore.txn.Framer} (the base of the protocol framers, which cuts the two
 * streams into transactions) and {@link org.resplice.splicecore.txn.TransactionListener}.
 */
package org.resplice.splicecore.txn;
