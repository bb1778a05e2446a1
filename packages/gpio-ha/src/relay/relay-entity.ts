import type { EntitySpec } from '../home-assistant/entity-spec';

/** RELAY1 as a Home Assistant switch: commands on relay1/set, state echoed on relay1 once applied. */
export function relaySwitchEntity(): EntitySpec {
  return {
    component: 'switch',
    objectId: 'relay1',
    config: {
      name: 'Relay',
      icon: 'mdi:electric-switch',
      command_topic: 'mapio/gpio-ha/relay1/set',
      state_topic: 'mapio/gpio-ha/relay1',
      payload_on: 'ON',
      payload_off: 'OFF',
      optimistic: false,
      retain: false,
    },
  };
}
