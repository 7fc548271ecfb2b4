/**
 * Newline-delimited protocols: {@link org.resplice.splicecore.line.LineFramer} cuts them into
 * transactions, one line per request.
 */
package org.resplice.splicecore.line;
