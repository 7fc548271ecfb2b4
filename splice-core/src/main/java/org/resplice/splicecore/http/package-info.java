/**
 * HTTP/1.x: {@link org.resplice.splicecore.http.HttpRequestHeadParser} (request heads, for the
 * layer-7 router) and {@link org.resplice.splicecore.http.HttpFramer} (transactions, for the
 * logger).
 */
package org.resplice.splicecore.http;
