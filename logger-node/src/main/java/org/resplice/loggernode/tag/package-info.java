/**
 * Tagging of transactions (design §4.3): the {@link org.resplice.loggernode.tag.Tagger} holds the
 * current tag table of each protocol, swapped at runtime when tables change, and
 * {@link org.resplice.loggernode.tag.RequestSummaryAdapter} translates splice-core's request
 * summaries into what tag-config's matcher reads.
 */
package org.resplice.loggernode.tag;
