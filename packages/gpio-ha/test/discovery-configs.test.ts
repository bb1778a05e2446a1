import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { contract, decodePayload, type Channel, type LinkyFrame, type TopicPattern } from '@mapio/contracts';
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

/** What the daemon would publish after these frames (each chunk parsed as it comes). */
function linkySnapshot(chunks: Buffer[]): LinkyFrame {
  const readings = new LinkyReadings({ labelExpiryMs: 86_400_000 });
  const parser = new TicFrameParser('auto');
  let atMs = 0;
  for (const event of chunks.flatMap((chunk) => parser.push(chunk))) {
    if (event.type === 'frame') readings.frameReceived(event.frame, (atMs += 2000));
  }
  const snapshot = readings.snapshot('2026-11-26T10:00:00.000Z');
  if (!snapshot) throw new Error('no frame');
  return snapshot;
}

const historic = linkyEntities(linkySnapshot([historicFrame({ HCHC: 10, HCHP: 20 }), historicFrame({ HCHC: 10, HCHP: 21 })]), 60);
const standard = linkyEntities(linkySnapshot([standardFrame(5000), standardFrame(5001)]), 60);
const CAPTURES = path.join(__dirname, 'fixtures', 'tic-real');
/** Every real capture, played twice (so that the indexes of one-frame captures are confirmed). */
const captured = readdirSync(CAPTURES)
  .filter((file) => file.endsWith('.bin'))
  .map((file) => {
    const bytes = readFileSync(path.join(CAPTURES, file));
    return [file, linkyEntities(linkySnapshot([bytes, bytes]), 60)] as const;
  });
const all: EntitySpec[] = [relaySwitchEntity(), userLedLightEntity(), ...powerEntities(630), ...historic, ...standard, ...captured.flatMap(([, e]) => e)];

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

describe('the user LED light', () => {
  it('uses only the JSON-schema options Home Assistant 2025.3 and later take: color modes, no legacy flags', () => {
    const { config } = userLedLightEntity();
    expect(Object.keys(config).sort()).toEqual(
      ['brightness', 'command_topic', 'name', 'optimistic', 'retain', 'schema', 'state_topic', 'supported_color_modes'].sort(),
    );
    expect(config).toMatchObject({ schema: 'json', supported_color_modes: ['rgb'], brightness: false });
    for (const legacy of ['color_mode', 'rgb', 'hs', 'xy', 'color_temp', 'white_value']) expect(config).not.toHaveProperty(legacy);
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

  it.each(captured)('gives every entity of %s its own unique id', (_file, entities) => {
    const ids = entities.map((spec) => discoveryConfig(spec, context).unique_id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('has the entities of a three-phase Tempo producer in standard mode (real capture)', () => {
    const entities = byId(captured.find(([file]) => file === 's-tempo-3ph-prod-openhab.bin')?.[1] ?? []);
    expect(entities.get('linky_apparent_power_sinsts2')?.config).toMatchObject({ device_class: 'apparent_power', state_class: 'measurement', unit_of_measurement: 'VA' });
    expect(entities.get('linky_apparent_power_smaxsn2')?.config).toMatchObject({
      json_attributes_topic: 'mapio/gpio-ha/linky',
      json_attributes_template: "{{ {'horodate': value_json['values'].get('SMAXSN2', {}).get('horodate')} | tojson }}",
    });
    expect(entities.get('linky_apparent_power_smaxsn2_1')?.config).toMatchObject({ enabled_by_default: false });
    expect(entities.get('linky_apparent_power_sinsti')?.config).toMatchObject({ device_class: 'apparent_power', unit_of_measurement: 'VA' });
    expect(entities.get('linky_voltage_umoy3')?.config).toMatchObject({ device_class: 'voltage', unit_of_measurement: 'V', enabled_by_default: false });
    expect(entities.get('linky_apparent_power_pref')?.config).toMatchObject({ device_class: 'apparent_power', unit_of_measurement: 'kVA' });
    expect(entities.get('linky_apparent_power_pref')?.config).not.toHaveProperty('state_class');
    expect(entities.get('linky_reactive_index_erq1')?.config).toMatchObject({
      device_class: 'reactive_energy',
      state_class: 'total_increasing',
      unit_of_measurement: 'varh',
      enabled_by_default: false,
    });
    expect(entities.get('linky_tempo_tomorrow')?.config).toMatchObject({ device_class: 'enum', options: ['blue', 'white', 'red', 'unannounced'] });
    expect(entities.get('linky_meter_id')?.config).toMatchObject({ entity_category: 'diagnostic' });
    for (const id of ['linky_overload', 'linky_over_voltage', 'linky_cut_off_open', 'linky_producing', 'linky_dry_contact']) {
      expect({ id, component: entities.get(id)?.component }).toEqual({ id, component: 'binary_sensor' });
    }
    expect(entities.get('linky_overload')?.config).toMatchObject({ device_class: 'problem' });
    expect(entities.get('linky_cut_off')?.config).toMatchObject({ device_class: 'enum', options: expect.arrayContaining(['closed', 'open_overload']) });
  });

  it('has the entities of a three-phase EJP meter in historic mode (real capture)', () => {
    const entities = byId(captured.find(([file]) => file === 'h-ejp-3ph-openhab.bin')?.[1] ?? []);
    for (const id of ['linky_current_iinst1', 'linky_current_iinst3', 'linky_current_imax2', 'linky_power_pmax', 'linky_current_isousc', 'linky_contract']) {
      expect({ id, present: entities.has(id) }).toEqual({ id, present: true });
    }
    expect(entities.get('linky_current_imax2')?.config).toMatchObject({ enabled_by_default: false });
    expect(entities.get('linky_power_pmax')?.config).toMatchObject({ device_class: 'power', unit_of_measurement: 'W' });
    expect(entities.get('linky_ejp_notice')?.component).toBe('binary_sensor');
    expect(entities.has('linky_tempo_today')).toBe(false);
    expect([...entities.keys()].filter((id) => id.startsWith('linky_index_')).sort()).toEqual(['linky_index_ejphn', 'linky_index_ejphpm']);
  });

  it('lists the options of every enum sensor', () => {
    for (const spec of all) {
      if (spec.component !== 'sensor' || spec.config.device_class !== 'enum') continue;
      expect({ id: spec.objectId, options: (spec.config.options ?? []).length > 1 }).toEqual({ id: spec.objectId, options: true });
    }
  });
});
