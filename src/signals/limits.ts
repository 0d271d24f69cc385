/** Bounds shared by the signals endpoint and what it feeds (kept here, not imported from commands/). */
export const TITLE_MAX = 150;
/** A signal is a few hundred bytes; anything near this is not one. */
export const SIGNAL_BODY_LIMIT = 64 * 1024;
export const TEXT_MAX = 500;
