import { z } from 'zod';

/**
 * Home Assistant MQTT discovery configs (`<prefix>/<component>/<node_id>/<object_id>/config`).
 * An empty retained message (`null`) removes the entity.
 *
 * `DiscoveryConfig` is the loose form every config of any component satisfies (used to read back
 * what is retained on the broker). The per-component schemas below accept exactly the fields Home
 * Assistant documents for that component (integrations/<component>.mqtt), so a misspelt key or a
 * unit that does not fit the device class is caught when we publish rather than silently ignored by
 * Home Assistant. MAPIO additionally requires `unique_id` and a `device` on every entity.
 */
export const DiscoveryConfig = z
  .looseObject({
    device: z.looseObject({
      identifiers: z.array(z.string().min(1)).min(1),
    }),
  })
  .nullable();
export type DiscoveryConfig = z.infer<typeof DiscoveryConfig>;

export const HomeAssistantComponent = z.enum([
  'binary_sensor',
  'button',
  'device_automation',
  'light',
  'notify',
  'select',
  'sensor',
  'switch',
]);
export type HomeAssistantComponent = z.infer<typeof HomeAssistantComponent>;

/** A topic the entity publishes to or subscribes from: no wildcards. */
const mqttTopic = z
  .string()
  .min(1)
  .refine((topic) => !/[+#\0]/.test(topic), 'expected an MQTT topic without wildcards');
const template = z.string().min(1);
const qos = z.union([z.literal(0), z.literal(1), z.literal(2)]);

export const DiscoveryDevice = z.strictObject({
  identifiers: z.array(z.string().min(1)).min(1),
  connections: z.array(z.tuple([z.string().min(1), z.string().min(1)])).optional(),
  name: z.string().min(1).optional(),
  manufacturer: z.string().min(1).optional(),
  model: z.string().min(1).optional(),
  model_id: z.string().min(1).optional(),
  serial_number: z.string().min(1).optional(),
  hw_version: z.string().min(1).optional(),
  sw_version: z.string().min(1).optional(),
  suggested_area: z.string().min(1).optional(),
  configuration_url: z.url().optional(),
  via_device: z.string().min(1).optional(),
});
export type DiscoveryDevice = z.infer<typeof DiscoveryDevice>;

/** Who published the config (shown in Home Assistant's MQTT info). */
export const DiscoveryOrigin = z.strictObject({
  name: z.string().min(1),
  sw_version: z.string().min(1).optional(),
  support_url: z.url().optional(),
});

const availabilityEntry = z.strictObject({
  topic: mqttTopic,
  payload_available: z.string().optional(),
  payload_not_available: z.string().optional(),
  value_template: template.optional(),
});

/** Fields every MQTT entity platform documents (availability, device, naming, attributes). */
const entityFields = {
  unique_id: z.string().regex(/^[A-Za-z0-9_-]+$/, 'expected letters, digits, _ or -'),
  device: DiscoveryDevice,
  origin: DiscoveryOrigin.optional(),
  name: z.string().min(1).nullable().optional(),
  default_entity_id: z.string().min(1).optional(),
  /** Deprecated by Home Assistant in favour of default_entity_id; still documented. */
  object_id: z.string().min(1).optional(),
  availability: z.array(availabilityEntry).min(1).optional(),
  availability_topic: mqttTopic.optional(),
  availability_mode: z.enum(['all', 'any', 'latest']).optional(),
  availability_template: template.optional(),
  payload_available: z.string().optional(),
  payload_not_available: z.string().optional(),
  enabled_by_default: z.boolean().optional(),
  encoding: z.string().optional(),
  entity_category: z.enum(['config', 'diagnostic']).optional(),
  entity_picture: z.url().optional(),
  icon: z.string().regex(/^[a-z]+:[a-z0-9-]+$/, 'expected an icon like mdi:flash').optional(),
  json_attributes_topic: mqttTopic.optional(),
  json_attributes_template: template.optional(),
  qos: qos.optional(),
};

type EntityFields = { availability?: unknown; availability_topic?: unknown };

function availabilityOnce(config: EntityFields, ctx: z.RefinementCtx): void {
  if (config.availability !== undefined && config.availability_topic !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['availability_topic'], message: 'availability and availability_topic exclude each other' });
  }
}

/**
 * Sensor device classes and the units Home Assistant accepts for each (integrations/sensor, "Device
 * class"). `null` in a list = no unit allowed.
 */
export const SENSOR_DEVICE_CLASS_UNITS = {
  apparent_power: ['mVA', 'VA', 'kVA'],
  battery: ['%'],
  current: ['mA', 'A'],
  data_rate: ['bit/s', 'kbit/s', 'Mbit/s', 'Gbit/s', 'B/s', 'kB/s', 'MB/s', 'GB/s', 'KiB/s', 'MiB/s', 'GiB/s'],
  data_size: ['bit', 'kbit', 'Mbit', 'Gbit', 'B', 'kB', 'MB', 'GB', 'TB', 'PB', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'],
  duration: ['d', 'h', 'min', 's', 'ms', 'µs'],
  energy: ['J', 'kJ', 'MJ', 'GJ', 'mWh', 'Wh', 'kWh', 'MWh', 'GWh', 'TWh', 'cal', 'kcal', 'Mcal', 'Gcal'],
  enum: [null],
  frequency: ['Hz', 'kHz', 'MHz', 'GHz'],
  humidity: ['%'],
  power: ['mW', 'W', 'kW', 'MW', 'GW', 'TW'],
  power_factor: ['%', null],
  reactive_energy: ['varh', 'kvarh'],
  reactive_power: ['mvar', 'var', 'kvar'],
  signal_strength: ['dB', 'dBm'],
  temperature: ['°C', '°F', 'K'],
  timestamp: [null],
  voltage: ['µV', 'mV', 'V', 'kV', 'MV'],
} as const satisfies Record<string, ReadonlyArray<string | null>>;

export const SensorDeviceClass = z.enum(Object.keys(SENSOR_DEVICE_CLASS_UNITS) as [keyof typeof SENSOR_DEVICE_CLASS_UNITS]);
export type SensorDeviceClass = z.infer<typeof SensorDeviceClass>;

export const SensorStateClass = z.enum(['measurement', 'measurement_angle', 'total', 'total_increasing']);

/** Device classes that are counters (state_class total / total_increasing), the others are measurements. */
const COUNTER_CLASSES = new Set<SensorDeviceClass>(['energy', 'reactive_energy', 'data_size']);
const STATELESS_CLASSES = new Set<SensorDeviceClass>(['enum', 'timestamp']);

/** `<prefix>/sensor/<node>/<object>/config` (integrations/sensor.mqtt). */
export const SensorDiscovery = z
  .strictObject({
    ...entityFields,
    state_topic: mqttTopic,
    value_template: template.optional(),
    device_class: SensorDeviceClass.optional(),
    state_class: SensorStateClass.optional(),
    unit_of_measurement: z.string().min(1).optional(),
    suggested_display_precision: z.number().int().min(0).optional(),
    options: z.array(z.string().min(1)).min(1).optional(),
    expire_after: z.number().int().positive().optional(),
    force_update: z.boolean().optional(),
    last_reset_value_template: template.optional(),
  })
  .superRefine((config, ctx) => {
    availabilityOnce(config, ctx);
    const deviceClass = config.device_class;
    if (deviceClass === undefined) {
      if (config.options !== undefined) ctx.addIssue({ code: 'custom', path: ['options'], message: 'options needs device_class enum' });
      return;
    }
    const units: ReadonlyArray<string | null> = SENSOR_DEVICE_CLASS_UNITS[deviceClass];
    if (!units.includes(config.unit_of_measurement ?? null)) {
      ctx.addIssue({
        code: 'custom',
        path: ['unit_of_measurement'],
        message: `device_class ${deviceClass} takes ${units.map((u) => u ?? 'no unit').join(', ')}`,
      });
    }
    if (deviceClass === 'enum' && config.options === undefined) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'device_class enum needs its options' });
    }
    if (deviceClass !== 'enum' && config.options !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'options only go with device_class enum' });
    }
    const stateClass = config.state_class;
    if (stateClass === undefined) return;
    const allowed = STATELESS_CLASSES.has(deviceClass)
      ? []
      : COUNTER_CLASSES.has(deviceClass)
        ? ['total', 'total_increasing']
        : ['measurement'];
    if (!allowed.includes(stateClass)) {
      ctx.addIssue({
        code: 'custom',
        path: ['state_class'],
        message: `device_class ${deviceClass} takes state_class ${allowed.join(' or ') || 'none'}`,
      });
    }
  });
export type SensorDiscovery = z.infer<typeof SensorDiscovery>;

export const BinarySensorDeviceClass = z.enum([
  'battery', 'battery_charging', 'carbon_monoxide', 'cold', 'connectivity', 'door', 'garage_door', 'gas',
  'heat', 'light', 'lock', 'moisture', 'motion', 'moving', 'occupancy', 'opening', 'plug', 'power',
  'presence', 'problem', 'running', 'safety', 'smoke', 'sound', 'tamper', 'update', 'vibration', 'window',
]);

/** `<prefix>/binary_sensor/<node>/<object>/config` (integrations/binary_sensor.mqtt). */
export const BinarySensorDiscovery = z
  .strictObject({
    ...entityFields,
    state_topic: mqttTopic,
    value_template: template.optional(),
    device_class: BinarySensorDeviceClass.optional(),
    payload_on: z.string().optional(),
    payload_off: z.string().optional(),
    expire_after: z.number().int().positive().optional(),
    force_update: z.boolean().optional(),
    off_delay: z.number().int().positive().optional(),
  })
  .superRefine(availabilityOnce);
export type BinarySensorDiscovery = z.infer<typeof BinarySensorDiscovery>;

/** `<prefix>/switch/<node>/<object>/config` (integrations/switch.mqtt). */
export const SwitchDiscovery = z
  .strictObject({
    ...entityFields,
    command_topic: mqttTopic,
    command_template: template.optional(),
    state_topic: mqttTopic.optional(),
    value_template: template.optional(),
    device_class: z.enum(['outlet', 'switch']).optional(),
    payload_on: z.string().optional(),
    payload_off: z.string().optional(),
    state_on: z.string().optional(),
    state_off: z.string().optional(),
    optimistic: z.boolean().optional(),
    retain: z.boolean().optional(),
  })
  .superRefine(availabilityOnce);
export type SwitchDiscovery = z.infer<typeof SwitchDiscovery>;

export const LightColorMode = z.enum(['onoff', 'brightness', 'color_temp', 'hs', 'xy', 'rgb', 'rgbw', 'rgbww', 'white']);

/** `<prefix>/light/<node>/<object>/config` with the JSON schema (integrations/light.mqtt, "JSON schema"). */
export const JsonLightDiscovery = z
  .strictObject({
    ...entityFields,
    schema: z.literal('json'),
    command_topic: mqttTopic,
    state_topic: mqttTopic.optional(),
    brightness: z.boolean().optional(),
    brightness_scale: z.number().int().positive().optional(),
    supported_color_modes: z.array(LightColorMode).min(1).optional(),
    color_temp_kelvin: z.boolean().optional(),
    min_kelvin: z.number().int().positive().optional(),
    max_kelvin: z.number().int().positive().optional(),
    min_mireds: z.number().int().positive().optional(),
    max_mireds: z.number().int().positive().optional(),
    effect: z.boolean().optional(),
    effect_list: z.array(z.string().min(1)).optional(),
    flash: z.boolean().optional(),
    flash_time_short: z.number().int().positive().optional(),
    flash_time_long: z.number().int().positive().optional(),
    transition: z.boolean().optional(),
    white_scale: z.number().int().positive().optional(),
    optimistic: z.boolean().optional(),
    retain: z.boolean().optional(),
  })
  .superRefine((config, ctx) => {
    availabilityOnce(config, ctx);
    const modes = config.supported_color_modes ?? [];
    if (modes.length > 1 && (modes.includes('onoff') || modes.includes('brightness'))) {
      ctx.addIssue({ code: 'custom', path: ['supported_color_modes'], message: 'onoff and brightness must be the only mode' });
    }
  });
export type JsonLightDiscovery = z.infer<typeof JsonLightDiscovery>;

/**
 * `<prefix>/device_automation/<node>/<object>/config`: a device trigger (integrations/device_trigger.mqtt).
 * Not an entity: no unique_id, name or availability; the device block is required.
 */
export const DeviceTriggerDiscovery = z.strictObject({
  automation_type: z.literal('trigger'),
  topic: mqttTopic,
  type: z.string().min(1),
  subtype: z.string().min(1),
  payload: z.string().optional(),
  qos: qos.optional(),
  value_template: template.optional(),
  device: DiscoveryDevice,
  origin: DiscoveryOrigin.optional(),
});
export type DeviceTriggerDiscovery = z.infer<typeof DeviceTriggerDiscovery>;

/** `<prefix>/notify/<node>/<object>/config`: a message sink (integrations/notify.mqtt). */
export const NotifyDiscovery = z
  .strictObject({
    ...entityFields,
    command_topic: mqttTopic,
    command_template: template.optional(),
    retain: z.boolean().optional(),
  })
  .superRefine(availabilityOnce);
export type NotifyDiscovery = z.infer<typeof NotifyDiscovery>;

/** `<prefix>/select/<node>/<object>/config`: one option of a list (integrations/select.mqtt). */
export const SelectDiscovery = z
  .strictObject({
    ...entityFields,
    command_topic: mqttTopic,
    command_template: template.optional(),
    options: z.array(z.string().min(1)),
    state_topic: mqttTopic.optional(),
    value_template: template.optional(),
    optimistic: z.boolean().optional(),
    retain: z.boolean().optional(),
  })
  .superRefine((config, ctx) => {
    availabilityOnce(config, ctx);
    if (new Set(config.options).size !== config.options.length) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'options must be distinct' });
    }
  });
export type SelectDiscovery = z.infer<typeof SelectDiscovery>;

/**
 * The discovery prefix Home Assistant listens on is configurable (`discovery_prefix`). The contract
 * writes topics with the default one; the bus maps them to the configured prefix on the wire.
 */
export const DEFAULT_DISCOVERY_PREFIX = 'homeassistant';

/** One or more topic levels, no wildcards, and not overlapping the `mapio/` topics. */
export const DiscoveryPrefix = z
  .string()
  .regex(/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*$/, 'expected topic levels of letters, digits, _ or - (e.g. homeassistant)')
  .refine((prefix) => prefix !== 'mapio' && !prefix.startsWith('mapio/'), 'must not be under mapio/');
