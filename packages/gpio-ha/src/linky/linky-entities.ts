import type { EntitySpec } from '../home-assistant/entity-spec';
import { objectIdPart } from '../home-assistant/entity-spec';
import type { PresentLabel } from './linky-readings';

const LINKY_TOPIC = 'mapio/gpio-ha/linky';

/** `values` is also a dict method name in Jinja: index it, never `value_json.values`. */
const valueOf = (label: string) => `{{ value_json['values'].get('${label}', {}).get('value') }}`;

/**
 * The Linky entities for the labels the meter sends: apparent power, one energy sensor per index
 * (Energy dashboard: Wh, total_increasing), currents, voltages, the tariff period and the link
 * quality. They expire when frames stop coming.
 */
export function linkyEntities(labels: readonly PresentLabel[], expireAfterS: number): EntitySpec[] {
  const entities: EntitySpec[] = [];
  const sensor = (objectId: string, config: Extract<EntitySpec, { component: 'sensor' }>['config']) =>
    entities.push({ component: 'sensor', objectId, config: { ...config, expire_after: expireAfterS } });

  for (const { label, info } of labels) {
    const name = `Linky ${info.title}`;
    switch (info.kind) {
      case 'apparent-power':
        sensor('linky_apparent_power', {
          name,
          state_topic: LINKY_TOPIC,
          value_template: '{{ value_json.apparentPowerVA }}',
          device_class: 'apparent_power',
          state_class: 'measurement',
          unit_of_measurement: 'VA',
        });
        break;
      case 'energy-index':
        sensor(`linky_index_${objectIdPart(label)}`, {
          name,
          state_topic: LINKY_TOPIC,
          value_template: `{{ value_json.indexes.get('${label}') }}`,
          device_class: 'energy',
          state_class: 'total_increasing',
          unit_of_measurement: 'Wh',
        });
        break;
      case 'current':
      case 'voltage':
        sensor(`linky_${info.kind}_${objectIdPart(label)}`, {
          name,
          state_topic: LINKY_TOPIC,
          value_template: valueOf(label),
          device_class: info.kind,
          state_class: 'measurement',
          ...(info.unit === null ? {} : { unit_of_measurement: info.unit }),
        });
        break;
      case 'tariff-period':
        sensor('linky_tariff_period', {
          name,
          icon: 'mdi:clock-outline',
          state_topic: LINKY_TOPIC,
          value_template: '{{ value_json.tariffPeriod }}',
        });
        break;
      default:
        break;
    }
  }
  if (labels.length > 0) {
    for (const [objectId, field, title] of [
      ['linky_good_frames', 'goodFrames', 'good frames'],
      ['linky_bad_frames', 'badFrames', 'bad frames'],
    ] as const) {
      sensor(objectId, {
        name: `Linky TIC ${title}`,
        icon: 'mdi:transit-connection-variant',
        entity_category: 'diagnostic',
        state_topic: LINKY_TOPIC,
        value_template: `{{ value_json.quality.${field} }}`,
        state_class: 'total_increasing',
        unit_of_measurement: 'frames',
      });
    }
  }
  return entities;
}
