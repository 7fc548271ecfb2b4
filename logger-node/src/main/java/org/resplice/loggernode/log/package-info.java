/**
 * The logger's transaction log (design §4.4): per spliced connection, the captured client and
 * server bytes in backend sequence space, cut into tagged transactions, with Ack_CL and the last
 * server byte, in bounded memory; and the {@link org.resplice.loggernode.log.RecoveryView} that
 * recovery (§4.6) reads.
 *
 * <p>Entry points: {@link org.resplice.loggernode.log.ConnectionLogStore#open} gives the stream
 * rebuild a {@link org.resplice.loggernode.log.LoggedConnection} (a
 * {@link org.resplice.loggernode.stream.ConnectionSink}) per connection; a
 * {@link org.resplice.loggernode.log.LogListener} hears request and response progress (for the
 * failure detector) and "response logged" (for the alternate backend).
 */
package org.resplice.loggernode.log;
