import type { EntitySpec } from '../home-assistant/entity-spec';

/**
 * LED2 as a Home Assistant RGB light, JSON schema. No brightness: the LED's channels are on/off, so
 * Home Assistant scales the colour instead and the LED shows the nearest colour it can make.
 */
export function userLedLightEntity(): EntitySpec {
  return {
    component: 'light',
    objectId: 'user_led',
    config: {
      name: 'User LED',
      schema: 'json',
      command_topic: 'mapio/gpio-ha/user_led/set',
      state_topic: 'mapio/gpio-ha/user_led',
      supported_color_modes: ['rgb'],
      brightness: false,
      optimistic: false,
      retain: false,
    },
  };
}
