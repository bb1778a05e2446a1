import { contract, decodePayload, type Channel, type TopicPattern } from '@mapio/contracts';
import { discoveryConfig, type DiscoveryContext, type EntitySpec } from '../src/home-assistant/entity-spec';
import { linkyEntities } from '../src/linky/linky-entities';
import { LinkyReadings } from '../src/linky/linky-readings';
import { TicFrameParser } from '../src/linky/tic-frame-parser';
import { powerEntities } from '../src/power/power-entities';
import { relaySwitchEntity } from '../src/relay/relay-entity';
import { userLedLightEntity } from '../src/user-led/user-led-entity';
import { historicFrame, standardFrame } from './tic-frames';

const context: DiscoveryContext = {
  deviceId: 'mapio_10000000a1b2c3d4',
  nodeId: 'mapio_10000000a1b2c3d4_gpio_ha',
  device: { identifiers: ['mapio_10000000a1b2c3d4'], name: 'MAPIO', manufacturer: 'MAPIO', sw_version: '1.4.0' },
  origin: { name: 'mapio-gpio-ha', sw_version: '0.1.0' },
  availabilityTopic: 'mapio/gpio-ha/availability',
};

/** Every label a meter of each mode sends, as the daemon would have seen them. */
function linkyLabels(frames: Buffer[]) {
  const readings = new LinkyReadings();
  frames.forEach((bytes, i) => {
    const event = new TicFrameParser('auto').push(bytes)[0];
    if (event?.type === 'frame') readings.frameReceived(event.frame, i * 2000);
  });
  return readings.presentLabels();
}

const historic = linkyEntities(linkyLabels([historicFrame({ HCHC: 10, HCHP: 20 }), historicFrame({ HCHC: 10, HCHP: 21 })]), 60);
const standard = linkyEntities(linkyLabels([standardFrame(5000), standardFrame(5001)]), 60);
const all: EntitySpec[] = [relaySwitchEntity(), userLedLightEntity(), ...powerEntities(630), ...historic, ...standard];

/** Validates a config through the contract channel of its component (the fields HA documents). */
function validate(spec: EntitySpec) {
  const channel: Channel = contract[`homeassistant/${spec.component}/+/+/config` as TopicPattern];
  return decodePayload(channel, JSON.stringify(discoveryConfig(spec, context)));
}

describe('discovery configs of every entity', () => {
  it.each(all.map((spec) => [`${spec.component} ${spec.objectId}`, spec] as const))('%s has only documented fields', (_name, spec) => {
    expect(validate(spec)).toMatchObject({ ok: true });
  });

  it('gives each entity a unique id prefixed with the device id, the availability topic and the one device', () => {
    const ids = new Set<string>();
    for (const spec of [relaySwitchEntity(), userLedLightEntity(), ...powerEntities(630), ...historic]) {
      const config = discoveryConfig(spec, context);
      expect(config.unique_id.startsWith(`${context.deviceId}_`)).toBe(true);
      ids.add(config.unique_id);
      expect(config).toMatchObject({ availability_topic: 'mapio/gpio-ha/availability', device: { identifiers: [context.deviceId] } });
    }
    expect(ids.size).toBe(2 + powerEntities(630).length + historic.length);
  });
});

describe('the entities of a Linky', () => {
  const byId = (entities: EntitySpec[]) => new Map(entities.map((e) => [e.objectId, e]));

  it('has one energy sensor per index in the frames, in Wh, total_increasing (Energy dashboard)', () => {
    const entities = byId(historic);
    for (const index of ['hchc', 'hchp']) {
      expect(entities.get(`linky_index_${index}`)?.config).toMatchObject({
        device_class: 'energy',
        state_class: 'total_increasing',
        unit_of_measurement: 'Wh',
        expire_after: 60,
      });
    }
    expect([...byId(standard).keys()].filter((id) => id.startsWith('linky_index_')).sort()).toEqual([
      'linky_index_easf01',
      'linky_index_easf02',
      'linky_index_east',
    ]);
  });

  it('has apparent power, current, the tariff period and link quality; voltage in standard mode', () => {
    const h = byId(historic);
    expect(h.get('linky_apparent_power')?.config).toMatchObject({ device_class: 'apparent_power', unit_of_measurement: 'VA', state_class: 'measurement' });
    expect(h.get('linky_current_iinst')?.config).toMatchObject({ device_class: 'current', unit_of_measurement: 'A' });
    expect(h.get('linky_tariff_period')?.config).toMatchObject({ value_template: '{{ value_json.tariffPeriod }}' });
    expect(h.get('linky_bad_frames')?.config).toMatchObject({ entity_category: 'diagnostic' });
    expect(h.has('linky_voltage_urms1')).toBe(false);
    expect(byId(standard).get('linky_voltage_urms1')?.config).toMatchObject({ device_class: 'voltage', unit_of_measurement: 'V' });
  });

  it('reads values with an index, not value_json.values (a dict method in Jinja)', () => {
    expect(byId(standard).get('linky_current_irms1')?.config).toMatchObject({
      value_template: "{{ value_json['values'].get('IRMS1', {}).get('value') }}",
    });
  });

  it('has no entity before the meter was heard', () => {
    expect(linkyEntities([], 60)).toEqual([]);
  });
});
