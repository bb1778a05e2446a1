import { ButtonName, topicRef, type TopicRef } from '@mapio/contracts';
import { homeAssistantDevice, readDeviceIdentity, type DeviceIdentity, type Feature, type Logger, type MqttBus } from '@mapio/runtime';

export interface DiscoveryMessage {
  target: TopicRef<'homeassistant/+/+/+/config'>;
  payload: Record<string, unknown> & { device: { identifiers: string[] } };
}

/**
 * One Home Assistant device trigger per button ("up" pressed, ...), on the same MAPIO device as
 * gpio-ha's entities, fired by `mapio/display/button`.
 */
export function buttonTriggerDiscovery(identity: DeviceIdentity): DiscoveryMessage[] {
  return ButtonName.options.map((button) => ({
    target: topicRef('homeassistant/+/+/+/config', 'device_automation', identity.deviceId, `button_${button}`),
    payload: {
      automation_type: 'trigger',
      topic: 'mapio/display/button',
      type: 'button_short_press',
      subtype: button,
      payload: button,
      value_template: '{{ value_json.button }}',
      device: homeAssistantDevice(identity),
    },
  }));
}

/** Publishes the triggers at start and again whenever Home Assistant comes online. */
export class ButtonTriggersFeature implements Feature {
  readonly name = 'home assistant button triggers';
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly bus: MqttBus,
    private readonly logger: Logger,
    private readonly identity: () => Promise<DeviceIdentity> = () => readDeviceIdentity(),
  ) {}

  async start(): Promise<void> {
    for (const { target, payload } of buttonTriggerDiscovery(await this.identity())) this.bus.publish(target, payload);
    this.unsubscribe = this.bus.subscribe('homeassistant/status', (status) => {
      if (status !== 'online') return;
      this.logger.debug('Home Assistant online: publishing the button triggers again');
      // The triggers are retained, so the bus remembers them.
      this.bus.republishRetained('homeassistant/device_automation/#');
    });
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }
}
