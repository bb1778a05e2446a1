import type { Feature, Logger, MqttBus } from '@mapio/runtime';
import type { PairingToken } from './pairing-token';

/**
 * Issues pairing tokens and publishes them (retained, ACL-restricted topic) for the display's QR
 * code: a new token each time the web server is enabled, then at the end of each token's lifetime
 * while it stays enabled.
 */
export class PairingPublisher implements Feature {
  readonly name = 'pairing';
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly token: PairingToken,
    private readonly bus: MqttBus,
    private readonly pairingUrl: () => string,
    private readonly logger: Logger,
  ) {}

  start(): void {}

  stop(): void {
    this.pause();
  }

  /** A new token now, and again every lifetime while not paused. */
  rotate(): void {
    const issued = this.token.rotate();
    const url = new URL(this.pairingUrl());
    url.pathname = '/pair';
    url.searchParams.set('token', issued.token);
    this.bus.publish('mapio/webserver-back/pairing', {
      url: url.toString(),
      token: issued.token,
      code: issued.code,
      expiresAt: issued.expiresAt.toISOString(),
    });
    this.logger.info({ expiresAt: issued.expiresAt.toISOString() }, 'pairing token rotated');
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.rotate(), this.token.lifetimeMs);
  }

  /** No rotation while the web server is off (the next enable rotates anyway). */
  pause(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
