import {
  ButtonName,
  topicRef,
  ViewName,
  type DeviceTriggerDiscovery,
  type DiscoveryDevice,
  type NotifyDiscovery,
  type SelectDiscovery,
} from '@mapio/contracts';
import { Disposer, homeAssistantDevice, type DeviceIdentity, type Feature, type Logger, type MqttBus } from '@mapio/runtime';

export interface DisplayDiscoveryContext {
  identity: DeviceIdentity;
  /** mapio-display's version, in the `origin` of every config. */
  version: string;
}

const AVAILABILITY_TOPIC = 'mapio/display/availability';

/** Our node level of the discovery topics (gpio-ha has its own, on the same device). */
export const displayNodeId = (identity: DeviceIdentity) => `${identity.deviceId}_display`;

/**
 * What the display puts in Home Assistant, on the one MAPIO device (the same device block as
 * gpio-ha's entities): a device trigger per button, a notify entity whose messages show on the
 * panel, and a select showing and choosing the view.
 */
export function displayDiscovery({ identity, version }: DisplayDiscoveryContext) {
  const device: DiscoveryDevice = homeAssistantDevice(identity);
  const origin = { name: 'mapio-display', sw_version: version };
  const node = displayNodeId(identity);
  /** What the display's entities share (device triggers are no entities: they take only device and origin). */
  const entity = (objectId: string) => ({
    unique_id: `${identity.deviceId}_display_${objectId}`,
    availability_topic: AVAILABILITY_TOPIC,
    device,
    origin,
  });
  const triggers = ButtonName.options.map((button) => ({
    // Kept where earlier versions announced them, so automations built on them keep their trigger.
    target: topicRef('homeassistant/device_automation/+/+/config', identity.deviceId, `button_${button}`),
    payload: {
      automation_type: 'trigger',
      topic: 'mapio/display/button',
      type: 'button_short_press',
      subtype: button,
      payload: button,
      value_template: '{{ value_json.button }}',
      device,
      origin,
    } satisfies DeviceTriggerDiscovery,
  }));
  const notify = {
    target: topicRef('homeassistant/notify/+/+/config', node, 'screen'),
    payload: {
      ...entity('notify'),
      name: 'Screen',
      command_topic: 'mapio/display/notify/set',
      icon: 'mdi:message-text',
    } satisfies NotifyDiscovery,
  };
  const select = {
    target: topicRef('homeassistant/select/+/+/config', node, 'view'),
    payload: {
      ...entity('view'),
      name: 'Screen view',
      command_topic: 'mapio/display/view/set',
      state_topic: 'mapio/display/view',
      value_template: '{{ value_json.view }}',
      // Every view, so the state is always one of the options; only pages can be chosen.
      options: [...ViewName.options],
      icon: 'mdi:monitor',
    } satisfies SelectDiscovery,
  };
  return { triggers, notify, select };
}

/** Publishes the display's discovery configs at start and again whenever Home Assistant comes online. */
export class DisplayDiscoveryFeature implements Feature {
  readonly name = 'home-assistant-discovery';
  private readonly disposer = new Disposer();

  constructor(
    private readonly bus: MqttBus,
    private readonly version: string,
    private readonly logger: Logger,
    /** The device's identity, its OS version read from MAPIO_OS_RELEASE (display-features.ts). */
    private readonly identity: () => Promise<DeviceIdentity>,
  ) {}

  async start(): Promise<void> {
    const identity = await this.identity();
    const { triggers, notify, select } = displayDiscovery({ identity, version: this.version });
    for (const { target, payload } of triggers) this.bus.publish(target, payload);
    this.bus.publish(notify.target, notify.payload);
    this.bus.publish(select.target, select.payload);
    this.logger.info({ deviceId: identity.deviceId, node: displayNodeId(identity) }, 'Home Assistant device triggers, notify and select announced');
    this.disposer.add(
      this.bus.subscribe('homeassistant/status', (status) => {
        if (status !== 'online') return;
        this.logger.debug('Home Assistant online: publishing discovery and the view again');
        // All retained, so the bus remembers them.
        this.bus.republishRetained('homeassistant/#');
        this.bus.republishRetained('mapio/display/view');
      }),
    );
  }

  stop(): Promise<void> {
    return this.disposer.dispose();
  }
}
