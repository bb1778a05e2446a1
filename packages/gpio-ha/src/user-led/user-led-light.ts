import type { UserLedCommand, UserLedState } from '@mapio/contracts';
import { rgbLed, type Bit, type Hardware, type RgbLed } from '@mapio/hal';
import { Disposer, errorMessage, SerialQueue, type Feature, type Logger, type MqttBus } from '@mapio/runtime';
import type { BoardSession } from '@mapio/hal';
import type { DiscoveryPublisher } from '../home-assistant/discovery-publisher';
import { ledBitsOf, userLedStateAfter, userLedStateOf } from './user-led-colour';
import { userLedLightEntity } from './user-led-entity';

/** LED2 belongs to the user: a Home Assistant light. It keeps what it showed across a restart. */
export class UserLedLight implements Feature {
  readonly name = 'user-led';
  private led: RgbLed | null = null;
  private state: UserLedState | null = null;
  private readonly disposer = new Disposer();

  constructor(
    private readonly board: BoardSession,
    private readonly bus: MqttBus,
    private readonly discovery: DiscoveryPublisher,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    const { hardware } = this.board;
    const name = hardware.board.leds.user;
    this.led = rgbLed(hardware, name);
    this.state = userLedStateOf(await readBits(hardware, name));
    this.bus.publish('mapio/gpio-ha/user_led', this.state);
    this.discovery.setEntities('user-led', [userLedLightEntity()]);
    const commands = new SerialQueue();
    this.disposer.add(this.bus.subscribe('mapio/gpio-ha/user_led/set', (command) => commands.submit(() => this.apply(command))));
    // Like the relay: a backlog of colours is not worth delaying the stop for.
    this.disposer.add(() => commands.stop());
  }

  async stop(): Promise<void> {
    await this.disposer.dispose();
  }

  private async apply(command: UserLedCommand): Promise<void> {
    if (!this.led || !this.state) return;
    const next = userLedStateAfter(command, this.state);
    try {
      await this.led.show(ledBitsOf(next));
    } catch (error) {
      this.logger.error({ command, err: errorMessage(error) }, 'user LED write failed: state unchanged');
      return;
    }
    this.state = next;
    this.bus.publish('mapio/gpio-ha/user_led', next);
    this.logger.info({ state: next.state, color: next.color }, 'user LED set');
  }
}

async function readBits(hardware: Hardware, name: string): Promise<{ r: Bit; g: Bit; b: Bit }> {
  const [r, g, b] = await Promise.all(['R', 'G', 'B'].map((c) => hardware.led(`${name}_${c}`).read().then((s) => s.brightness, () => 0 as Bit)));
  return { r: r ?? 0, g: g ?? 0, b: b ?? 0 };
}
