/**
 * Append-only streams keyed by `_id` (docs/ARCHITECTURE.md, "Streams"): the admin console's
 * lists and counts read them instead of sorting or filtering the event collections, which
 * FerretDB 1.24 can only do by decoding every document.
 */
export { appendToStreams } from './append.ts';
export { newestFirst, sliceBelow, type StreamSlice } from './newest-first.ts';
export { headSeq, streamBounds, type StreamBounds } from './stream-bounds.ts';
export { countBefore, countBeforeEach, seqsBefore, seqsBeforeEach } from './count-before.ts';
export { STREAM_ENTRIES, STREAM_HEADS, type StreamEntry, type StreamItem } from './stream-entry.ts';
