import type { OnOff } from '@mapio/contracts';
import type { Bit, GpioOutput } from '@mapio/hal';
import { Disposer, errorMessage, SerialQueue, type Feature, type Logger, type MqttBus } from '@mapio/runtime';
import type { BoardSession } from '@mapio/hal';
import type { DiscoveryPublisher } from '../home-assistant/discovery-publisher';
import { relaySwitchEntity } from './relay-entity';
import type { RelayStateFile } from './relay-state-file';

const toBit = (state: OnOff): Bit => (state === 'ON' ? 1 : 0);
const toState = (bit: Bit): OnOff => (bit === 1 ? 'ON' : 'OFF');

/**
 * RELAY1: `relay1/set` ON/OFF drives the GPIO; the state is saved and published only once the
 * write succeeded. Starting never toggles the relay: it is written only when the line differs from
 * the saved state (the board rebooted), and left alone when there is no saved state.
 */
export class RelaySwitch implements Feature {
  readonly name = 'relay';
  private line: GpioOutput | null = null;
  private readonly disposer = new Disposer();

  constructor(
    private readonly board: BoardSession,
    private readonly bus: MqttBus,
    private readonly discovery: DiscoveryPublisher,
    private readonly saved: RelayStateFile,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    const { hardware } = this.board;
    const line = hardware.output(hardware.board.relay, 'RELAY1');
    this.line = line;
    const current = await this.readLevel(line);
    const wanted = await this.saved.read();
    let state: OnOff;
    if (wanted !== null && (current === null || toState(current) !== wanted)) {
      await line.write(toBit(wanted));
      this.logger.info({ state: wanted, was: current === null ? 'unknown' : toState(current) }, 'relay restored to its saved state');
      state = wanted;
    } else {
      state = wanted ?? (current === null ? 'OFF' : toState(current));
      if (current === null) await line.write(toBit(state));
    }
    this.bus.publish('mapio/gpio-ha/relay1', state);
    this.discovery.setEntities('relay', [relaySwitchEntity()]);
    const commands = new SerialQueue();
    this.disposer.add(this.bus.subscribe('mapio/gpio-ha/relay1/set', (command) => commands.submit(() => this.apply(command))));
    // A stop must not keep toggling the relay through a backlog of commands: only the write under
    // way finishes (so the saved and published state match the line). The line is left as it is.
    this.disposer.add(async () => {
      const dropped = await commands.stop();
      if (dropped > 0) this.logger.info({ dropped }, 'relay commands dropped: stopping');
      this.line = null;
    });
  }

  async stop(): Promise<void> {
    await this.disposer.dispose();
  }

  private async apply(command: OnOff): Promise<void> {
    const line = this.line;
    if (!line) return;
    try {
      await line.write(toBit(command));
    } catch (error) {
      this.logger.error({ command, err: errorMessage(error) }, 'relay write failed: state unchanged');
      return;
    }
    try {
      await this.saved.write(command);
    } catch (error) {
      this.logger.warn({ file: this.saved.file, err: errorMessage(error) }, 'relay state not saved: a reboot may not restore it');
    }
    this.bus.publish('mapio/gpio-ha/relay1', command);
    this.logger.info({ state: command }, 'relay switched');
  }

  /** An output line on a GPIO expander cannot be read back before we wrote it. */
  private async readLevel(line: GpioOutput): Promise<Bit | null> {
    try {
      return await line.read();
    } catch {
      return null;
    }
  }
}
