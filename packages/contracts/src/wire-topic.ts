import { DEFAULT_DISCOVERY_PREFIX } from './payloads/home-assistant';

/**
 * The contract writes Home Assistant topics under the default discovery prefix (`homeassistant/`);
 * a box whose Home Assistant uses another prefix gets them under that one on the wire. Code keeps
 * using contract topics, the bus translates both ways, so payload types stay tied to patterns.
 */
export function contractTopicToWire(topic: string, discoveryPrefix: string): string {
  if (discoveryPrefix === DEFAULT_DISCOVERY_PREFIX) return topic;
  if (topic === DEFAULT_DISCOVERY_PREFIX || topic.startsWith(`${DEFAULT_DISCOVERY_PREFIX}/`)) {
    return discoveryPrefix + topic.slice(DEFAULT_DISCOVERY_PREFIX.length);
  }
  return topic;
}

/** The contract topic of a topic received from the broker; null for a topic outside the contract's space. */
export function wireTopicToContract(topic: string, discoveryPrefix: string): string | null {
  if (discoveryPrefix === DEFAULT_DISCOVERY_PREFIX) return topic;
  if (topic === discoveryPrefix || topic.startsWith(`${discoveryPrefix}/`)) {
    return DEFAULT_DISCOVERY_PREFIX + topic.slice(discoveryPrefix.length);
  }
  // `homeassistant/...` is not ours when Home Assistant listens elsewhere.
  if (topic === DEFAULT_DISCOVERY_PREFIX || topic.startsWith(`${DEFAULT_DISCOVERY_PREFIX}/`)) return null;
  return topic;
}
