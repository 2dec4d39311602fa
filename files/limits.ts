/** Limits on files that the browser checks too, before asking the server. */

/** Files one message may carry. */
export const MAX_ATTACHMENTS = 10;
