import { PowerStateName } from '@mapio/contracts';
import type { EntitySpec } from '../home-assistant/entity-spec';

const POWER_TOPIC = 'mapio/gpio-ha/power';

/**
 * Battery and charger entities, all read from `mapio/gpio-ha/power`. They expire when that topic
 * stays silent for longer than `expireAfterS` (it is published at least every few minutes).
 */
export function powerEntities(expireAfterS: number): EntitySpec[] {
  return [
    {
      component: 'sensor',
      objectId: 'battery_level',
      config: {
        name: 'Battery level',
        state_topic: POWER_TOPIC,
        value_template: '{{ value_json.batteryPercent }}',
        device_class: 'battery',
        state_class: 'measurement',
        unit_of_measurement: '%',
        expire_after: expireAfterS,
      },
    },
    {
      component: 'sensor',
      objectId: 'battery_voltage',
      config: {
        name: 'Battery voltage',
        state_topic: POWER_TOPIC,
        value_template: '{{ value_json.batteryVolts }}',
        device_class: 'voltage',
        state_class: 'measurement',
        unit_of_measurement: 'V',
        suggested_display_precision: 2,
        expire_after: expireAfterS,
      },
    },
    {
      component: 'sensor',
      objectId: 'power_state',
      config: {
        name: 'Power state',
        state_topic: POWER_TOPIC,
        value_template: '{{ value_json.state }}',
        device_class: 'enum',
        options: [...PowerStateName.options],
        expire_after: expireAfterS,
      },
    },
    {
      component: 'binary_sensor',
      objectId: 'battery_charging',
      config: {
        name: 'Charging',
        state_topic: POWER_TOPIC,
        value_template: "{{ 'ON' if value_json.state == 'charging' else 'OFF' }}",
        device_class: 'battery_charging',
        expire_after: expireAfterS,
      },
    },
    {
      component: 'binary_sensor',
      objectId: 'external_power',
      config: {
        name: 'External power',
        state_topic: POWER_TOPIC,
        value_template: "{{ 'ON' if value_json.externalPower else 'OFF' }}",
        device_class: 'plug',
        expire_after: expireAfterS,
      },
    },
  ];
}
