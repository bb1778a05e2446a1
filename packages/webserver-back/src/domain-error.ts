/**
 * An error a domain (docker, ota, ssh, network, system, jobs) raises for its caller: what failed, on
 * what input, what to do. Domains know nothing of HTTP: the HTTP layer maps `kind` to a status and
 * the error envelope in one place (http/error-handler.ts).
 */
export type DomainErrorKind =
  /** the input is wrong: fix it and try again */
  | 'invalid'
  /** the named thing does not exist */
  | 'not_found'
  /** it cannot be done now (another operation holds it); `details` may name what holds it */
  | 'conflict'
  /** the input is larger than allowed */
  | 'too_large'
  /** not enough room on the device to accept it */
  | 'insufficient_storage'
  /** a system part it needs (`dependency`) does not answer: try again once it runs */
  | 'unavailable';

export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    message: string,
    readonly options: { details?: unknown; dependency?: string; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DomainError';
  }

  get details(): unknown {
    return this.options.details;
  }

  get dependency(): string | undefined {
    return this.options.dependency;
  }
}
