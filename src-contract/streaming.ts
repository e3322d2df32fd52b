/**
 * The pace of a streaming answer between main and the window, one home for both sides (zod-free).
 *
 * Main's relay sends at most one batch per stream every `STREAM_INTERVAL_MS`: the window then gets 20 updates a
 * second however fast the model writes, and each update costs it a message, a store update and one frame of layout
 * and paint. The first batch after a quiet stretch and the last one go at once, so neither the first token nor the end
 * of an answer waits for the cadence. The window acknowledges applied batches at most every `STREAM_ACK_INTERVAL_MS`;
 * main lets `STREAM_ACK_WINDOW` batches go unacknowledged, which must outlast one acknowledgement interval with room to
 * spare (streaming.test.ts), so a window that keeps up is never held back and one that falls behind is.
 */
export const STREAM_INTERVAL_MS = 50;
export const STREAM_ACK_INTERVAL_MS = 150;
export const STREAM_ACK_WINDOW = 8;
