/**
 * Limits both sides state (zod-free): the bridge's schemas enforce them in main, the window says them before a
 * user runs into them. One number each, here.
 */

/** Images one message can carry. */
export const MAX_IMAGES_PER_MESSAGE = 20;

/** Images one batch runs over. */
export const MAX_BATCH_IMAGES = 5000;

/** The largest image file Modeldesk stores (attached, or read from an import). */
export const MAX_IMAGE_FILE_BYTES = 25 * 1024 * 1024;
