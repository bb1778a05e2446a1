import http from 'node:http';
import type { RequestListener } from 'node:http';
import type { HttpCommand } from '@mapio/contracts';
import { Disposer, errorMessage, SerialQueue, type Feature, type Logger, type MqttBus } from '@mapio/runtime';
import type { PairingPublisher } from '../pairing/pairing-publisher';
import type { HttpSwitchFile } from './http-switch-file';
import { baseUrls } from './local-urls';

export interface HttpListenerOptions {
  host: string;
  port: number;
  handler: RequestListener;
  bus: MqttBus;
  switchFile: HttpSwitchFile;
  pairing: PairingPublisher;
  /** false: MAPIO_AUTH=off, warned about at start. */
  authEnabled: boolean;
  logger: Logger;
  /** Called with each published state (the access point follows it). */
  onSwitched?: (enabled: boolean) => void;
}

/**
 * The web server's listening socket, switched on and off from MQTT (`.../http/set`, the display's MID
 * button). Off means the port is closed and open connections are cut. The choice persists under
 * MAPIO_DATA_DIR; the state is published on `.../http`. Enabling rotates the pairing token.
 */
export class HttpListener implements Feature {
  readonly name = 'http';
  private server: http.Server | null = null;
  private enabled = false;
  private disposer = new Disposer();
  private readonly commands = new SerialQueue();

  constructor(private readonly options: HttpListenerOptions) {}

  /** The port actually bound (differs from the configured one only in tests binding port 0). */
  get port(): number {
    const address = this.server?.address();
    return address && typeof address === 'object' ? address.port : this.options.port;
  }

  async start(): Promise<void> {
    if (!this.options.authEnabled) this.options.logger.warn('MAPIO_AUTH=off: the HTTP API answers anyone on the network without pairing');
    const enabled = await this.options.switchFile.read();
    if (enabled) await this.open();
    else this.publish();
    this.disposer = new Disposer();
    this.disposer.add(this.options.bus.subscribe('mapio/webserver-back/http/set', (command) => this.command(command)));
  }

  async stop(): Promise<void> {
    await this.disposer.dispose();
    await this.commands.drained();
    await this.close();
  }

  /** Applies an enable/disable/toggle command, one at a time, and remembers the choice. */
  command(command: HttpCommand): Promise<void> {
    return this.commands.run(async () => {
      const want = command.action === 'toggle' ? !this.enabled : command.action === 'enable';
      if (want === this.enabled) {
        this.publish();
        return;
      }
      await this.options.switchFile.write(want);
      if (want) await this.open();
      else await this.close();
      this.options.logger.info({ enabled: want }, want ? 'web server enabled' : 'web server disabled');
    }).catch((error: unknown) => this.options.logger.error({ err: errorMessage(error) }, 'web server switch failed'));
  }

  private async open(): Promise<void> {
    const server = http.createServer({ keepAliveTimeout: 5000 }, this.options.handler);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host, () => {
        server.off('error', reject);
        resolve();
      });
    }).catch((error: NodeJS.ErrnoException) => {
      throw new Error(`cannot listen on ${this.options.host}:${this.options.port}: ${error.message} (is another program using MAPIO_HTTP_PORT?)`);
    });
    server.on('error', (error) => this.options.logger.error({ err: error.message }, 'http server error'));
    this.server = server;
    this.enabled = true;
    this.options.logger.info({ host: this.options.host, port: this.port }, 'http listening');
    this.options.pairing.rotate();
    this.publish();
  }

  private async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    this.enabled = false;
    this.options.pairing.pause();
    if (server) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Keep-alive and streaming (SSE) connections would keep the port's users attached: cut them.
      server.closeAllConnections();
      await closed;
    }
    this.publish();
  }

  private publish(): void {
    this.options.onSwitched?.(this.enabled);
    const port = this.port;
    this.options.bus.publish('mapio/webserver-back/http', {
      enabled: this.enabled,
      port,
      urls: this.enabled ? baseUrls(this.options.host, port) : [],
    });
  }
}
