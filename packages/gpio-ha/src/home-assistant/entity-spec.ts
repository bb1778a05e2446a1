import type {
  BinarySensorDiscovery,
  DiscoveryDevice,
  JsonLightDiscovery,
  SensorDiscovery,
  SwitchDiscovery,
} from '@mapio/contracts';

/** Filled in by the publisher, the same for every entity of the device. */
type Shared = 'unique_id' | 'device' | 'origin' | 'availability_topic';

/**
 * One Home Assistant entity as a feature describes it: its component, an object id unique within
 * the daemon, and the component's own fields. `discoveryConfig` adds what every entity shares.
 */
export type EntitySpec =
  | { component: 'sensor'; objectId: string; config: Omit<SensorDiscovery, Shared> }
  | { component: 'binary_sensor'; objectId: string; config: Omit<BinarySensorDiscovery, Shared> }
  | { component: 'switch'; objectId: string; config: Omit<SwitchDiscovery, Shared> }
  | { component: 'light'; objectId: string; config: Omit<JsonLightDiscovery, Shared> };

export type EntityComponent = EntitySpec['component'];

export interface DiscoveryContext {
  /** `mapio_<serial>`: the device identifier and the prefix of every unique_id. */
  deviceId: string;
  /** The discovery topic's node level, ours alone (display publishes on the same device under its own). */
  nodeId: string;
  device: DiscoveryDevice;
  origin: { name: string; sw_version?: string };
  availabilityTopic: string;
}

export const entityKey = (spec: { component: EntityComponent; objectId: string }) => `${spec.component}/${spec.objectId}`;

interface SharedFields {
  unique_id: string;
  device: DiscoveryDevice;
  origin: DiscoveryContext['origin'];
  availability_topic: string;
}

/** The full config of an entity: its fields plus unique_id, device, origin and availability. */
export function discoveryConfig<S extends EntitySpec>(spec: S, context: DiscoveryContext): S['config'] & SharedFields {
  return {
    ...spec.config,
    unique_id: `${context.deviceId}_${spec.objectId}`,
    device: context.device,
    origin: context.origin,
    availability_topic: context.availabilityTopic,
  };
}

/** Lower-case letters, digits and `_`: valid in an object id, a unique_id and a topic level. */
export const objectIdPart = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '');
