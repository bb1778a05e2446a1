import { LinkyCutOff, TempoColour, type LinkyFrame } from '@mapio/contracts';
import type { EntitySpec } from '../home-assistant/entity-spec';
import { objectIdPart } from '../home-assistant/entity-spec';
import { ticLabelInfo } from './tic-labels';

const LINKY_TOPIC = 'mapio/gpio-ha/linky';

type SensorConfig = Extract<EntitySpec, { component: 'sensor' }>['config'];
type BinaryConfig = Extract<EntitySpec, { component: 'binary_sensor' }>['config'];

/** `values` is also a dict method name in Jinja: index it, never `value_json.values`. */
const valueOf = (label: string) => `{{ value_json['values'].get('${label}', {}).get('value') }}`;
const horodateOf = (label: string) => `{{ {'horodate': value_json['values'].get('${label}', {}).get('horodate')} | tojson }}`;
const onWhen = (condition: string) => `{{ 'ON' if ${condition} else 'OFF' }}`;

/** Home Assistant's unit for reactive energy is `varh` (the TIC writes VArh). */
const HA_UNITS: Record<string, string> = { VArh: 'varh' };

/**
 * The Linky entities for what the meter has sent (see the README's table): apparent power, one
 * energy sensor per index (Energy dashboard: Wh, total_increasing), the other quantities with their
 * device class, the contract, tariff period, Tempo colours and EJP notice, the overload and the
 * status word's flags, the link quality. Noise for most homes is disabled by default. Labels are
 * those of `frame.values`, which keeps a label until it has been absent for the label expiry, so an
 * entity never disappears because one frame did not carry it. They expire (unavailable) when
 * frames stop coming.
 */
export function linkyEntities(frame: LinkyFrame, expireAfterS: number): EntitySpec[] {
  const entities: EntitySpec[] = [];
  const sensor = (objectId: string, config: Omit<SensorConfig, 'state_topic' | 'expire_after'>) =>
    entities.push({ component: 'sensor', objectId, config: { ...config, state_topic: LINKY_TOPIC, expire_after: expireAfterS } });
  const binary = (objectId: string, config: Omit<BinaryConfig, 'state_topic' | 'expire_after'>) =>
    entities.push({ component: 'binary_sensor', objectId, config: { ...config, state_topic: LINKY_TOPIC, expire_after: expireAfterS } });
  const hidden = (secondary: boolean | undefined) => (secondary ? { enabled_by_default: false } : {});

  for (const label of Object.keys(frame.values).sort()) {
    const info = ticLabelInfo(frame.mode, label);
    const name = `Linky ${info.title}`;
    switch (info.kind) {
      case 'apparent-power':
        sensor('linky_apparent_power', {
          name,
          value_template: '{{ value_json.apparentPowerVA }}',
          device_class: 'apparent_power',
          state_class: 'measurement',
          unit_of_measurement: 'VA',
        });
        break;
      case 'energy-index':
        sensor(`linky_index_${objectIdPart(label)}`, {
          name,
          value_template: `{{ value_json.indexes.get('${label}') }}`,
          device_class: 'energy',
          state_class: 'total_increasing',
          unit_of_measurement: 'Wh',
        });
        break;
      case 'reactive-index':
        sensor(`linky_reactive_index_${objectIdPart(label)}`, {
          name,
          value_template: valueOf(label),
          device_class: 'reactive_energy',
          state_class: 'total_increasing',
          unit_of_measurement: HA_UNITS.VArh,
          ...hidden(info.secondary),
        });
        break;
      case 'measurement':
        if (info.measures === undefined || info.unit === null) break;
        sensor(`linky_${info.measures}_${objectIdPart(label)}`, {
          name,
          value_template: valueOf(label),
          device_class: info.measures,
          ...(info.fixed ? {} : { state_class: 'measurement' as const }),
          unit_of_measurement: info.unit,
          ...(info.timed ? { json_attributes_topic: LINKY_TOPIC, json_attributes_template: horodateOf(label) } : {}),
          ...hidden(info.secondary),
        });
        break;
      case 'tariff-period':
        sensor('linky_tariff_period', { name, icon: 'mdi:clock-outline', value_template: '{{ value_json.tariffPeriod }}' });
        break;
      case 'contract':
        sensor('linky_contract', { name, icon: 'mdi:file-document-outline', value_template: valueOf(label) });
        break;
      case 'meter-id':
        sensor('linky_meter_id', { name, icon: 'mdi:identifier', entity_category: 'diagnostic', value_template: '{{ value_json.meterId }}' });
        break;
      case 'message':
        sensor(`linky_message_${objectIdPart(label)}`, { name, icon: 'mdi:message-text-outline', value_template: valueOf(label), enabled_by_default: false });
        break;
      default:
        break;
    }
  }

  binary('linky_overload', { name: 'Linky overload', device_class: 'problem', value_template: onWhen('value_json.overload') });
  if (frame.tempo !== null) {
    for (const day of ['today', 'tomorrow'] as const) {
      sensor(`linky_tempo_${day}`, {
        name: `Linky Tempo colour ${day}`,
        icon: 'mdi:palette',
        device_class: 'enum',
        options: [...TempoColour.options],
        value_template: `{{ value_json.tempo.${day} if value_json.tempo else None }}`,
      });
    }
  }
  if (frame.ejpNotice !== null) {
    binary('linky_ejp_notice', { name: 'Linky EJP notice', icon: 'mdi:calendar-alert', value_template: onWhen('value_json.ejpNotice') });
  }
  if (frame.status !== null) {
    const status = (field: string) => `value_json.status and value_json.status.${field}`;
    binary('linky_over_voltage', { name: 'Linky over-voltage', device_class: 'problem', value_template: onWhen(status('overVoltage')) });
    binary('linky_cut_off_open', {
      name: 'Linky cut-off device open',
      device_class: 'problem',
      value_template: onWhen(`value_json.status and value_json.status.cutOff != 'closed'`),
    });
    sensor('linky_cut_off', {
      name: 'Linky cut-off device',
      device_class: 'enum',
      options: [...LinkyCutOff.options],
      value_template: '{{ value_json.status.cutOff if value_json.status else None }}',
      enabled_by_default: false,
    });
    binary('linky_producing', { name: 'Linky producing', icon: 'mdi:solar-power', value_template: onWhen(status('producing')), enabled_by_default: false });
    binary('linky_dry_contact', {
      name: 'Linky dry contact',
      device_class: 'opening',
      value_template: onWhen(status('dryContactOpen')),
      enabled_by_default: false,
    });
  }
  for (const [objectId, field, title] of [
    ['linky_good_frames', 'goodFrames', 'good frames'],
    ['linky_bad_frames', 'badFrames', 'bad frames'],
    ['linky_bad_groups', 'badGroups', 'bad groups'],
  ] as const) {
    sensor(objectId, {
      name: `Linky TIC ${title}`,
      icon: 'mdi:transit-connection-variant',
      entity_category: 'diagnostic',
      value_template: `{{ value_json.quality.${field} }}`,
      state_class: 'total_increasing',
      unit_of_measurement: field === 'badGroups' ? 'groups' : 'frames',
      ...(field === 'badGroups' ? { enabled_by_default: false } : {}),
    });
  }
  return entities;
}
