/** IMAP: {@link org.resplice.splicecore.imap.ImapFramer} cuts IMAP connections into transactions. */
package org.resplice.splicecore.imap;
