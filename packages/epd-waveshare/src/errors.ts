/** BUSY stayed high: the controller did not finish (or is not there). */
export class EpdBusyTimeoutError extends Error {
  constructor(
    readonly step: string,
    readonly timeoutMs: number,
  ) {
    super(
      `e-paper BUSY still high ${timeoutMs} ms after ${step}: the panel is not responding ` +
        '(check its cable and the BUSY line); it will be reset and fully refreshed on the next update',
    );
  }
}

/** The driver was asked something its state does not allow (a bug in the caller). */
export class EpdStateError extends Error {}
