import { LongRunningDaemon, type PowerStateName } from '@mapio/contracts';
import { LED_COLOURS, rgbLed, type RgbLed } from '@mapio/hal';
import { Disposer, errorMessage, SerialQueue, type Feature, type Logger, type MqttBus } from '@mapio/runtime';
import type { BoardSession } from '@mapio/hal';
import { batteryLed } from './battery-led';
import { sameLook, type LedLook } from './led-look';
import { systemLed, type SystemFacts } from './system-led';

export interface StatusLedsOptions {
  /** After our start, how long missing daemons or Docker read as "starting" (orange) rather than failed. */
  graceMs: number;
}

/**
 * LED1 (SYSTEM) from the daemons' availability, Docker and init states; LED3 (BATTERY) from the
 * power state. Both follow MQTT, like every other observer of the system; a LED is rewritten only
 * when its look changes (rewriting restarts a blink).
 */
export class StatusLeds implements Feature {
  readonly name = 'status-leds';
  private system: RgbLed | null = null;
  private battery: RgbLed | null = null;
  private readonly shown = new Map<RgbLed, LedLook>();
  private facts: SystemFacts = { brokerConnected: false, availability: {}, docker: null, init: null };
  private power: PowerStateName | null = null;
  private startedAt = 0;
  private readonly disposer = new Disposer();
  private readonly writes = new SerialQueue();

  constructor(
    private readonly board: BoardSession,
    private readonly bus: MqttBus,
    private readonly options: StatusLedsOptions,
    private readonly logger: Logger,
  ) {}

  start(): void {
    const { hardware } = this.board;
    this.system = rgbLed(hardware, hardware.board.leds.system);
    this.battery = rgbLed(hardware, hardware.board.leds.battery);
    this.startedAt = Date.now();
    this.facts = { ...this.facts, brokerConnected: this.bus.connected };
    const { disposer, bus } = this;
    disposer.add(
      bus.subscribe('mapio/+/availability', (availability, topic) => {
        const daemon = LongRunningDaemon.safeParse(topic.split('/')[1]);
        if (!daemon.success) return;
        this.update({ availability: { ...this.facts.availability, [daemon.data]: availability } });
      }),
    );
    disposer.add(bus.subscribe('mapio/webserver-back/docker', (docker) => this.update({ docker: docker.engine })));
    disposer.add(bus.subscribe('mapio/init/state', (init) => this.update({ init: init.phase })));
    disposer.add(
      bus.subscribe('mapio/gpio-ha/power', (power) => {
        this.power = power.state;
        this.render();
      }),
    );
    disposer.add(
      bus.onConnectionChange((connected) =>
        // What we knew is stale while the broker is away; retained states come back on reconnect.
        this.update(connected ? { brokerConnected: true } : { brokerConnected: false, availability: {}, docker: null, init: null }),
      ),
    );
    disposer.timeout(() => this.render(), this.options.graceMs);
    this.render();
  }

  async stop(): Promise<void> {
    await this.disposer.dispose();
    // At most two writes (one per LED) are ever worth finishing: the last look of each.
    await this.writes.drained();
  }

  private update(facts: Partial<SystemFacts>): void {
    this.facts = { ...this.facts, ...facts };
    this.render();
  }

  private render(): void {
    if (!this.system || !this.battery) return;
    const verdict = systemLed(this.facts, Date.now() - this.startedAt, this.options.graceMs);
    this.show(this.system, verdict.look, verdict.reason);
    this.show(this.battery, batteryLed(this.power), this.power ?? 'power state not heard of');
  }

  private show(led: RgbLed, look: LedLook, reason: string): void {
    if (sameLook(this.shown.get(led) ?? null, look)) return;
    this.shown.set(led, look);
    void this.writes.run(async () => {
      try {
        await led.show(LED_COLOURS[look.colour], look.blink);
        this.logger.info({ led: led.name, colour: look.colour, blink: look.blink, reason }, 'status LED');
      } catch (error) {
        this.shown.delete(led);
        this.logger.error({ led: led.name, err: errorMessage(error) }, 'status LED write failed');
      }
    });
  }
}
