/**
 * How long testkit waits for an event unless told otherwise. Generous on purpose: the suites must
 * pass on a heavily loaded machine, and an event that comes early costs nothing.
 */
export const WAIT_CEILING_MS = 20_000;
