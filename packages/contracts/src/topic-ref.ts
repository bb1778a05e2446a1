import type { TopicPattern } from './contract';
import type { LongRunningDaemon } from './payloads/common';
import { fillTopic } from './topic-pattern';

/** A concrete topic together with the contract pattern that types its payload. */
export interface TopicRef<P extends TopicPattern = TopicPattern> {
  readonly pattern: P;
  readonly topic: string;
}

/** Builds the concrete topic of a pattern with `+` levels, e.g. `topicRef('mapio/+/availability', 'display')`. */
export function topicRef<P extends TopicPattern>(pattern: P, ...params: string[]): TopicRef<P> {
  return { pattern, topic: fillTopic(pattern, params) };
}

export function availabilityTopic(daemon: LongRunningDaemon): TopicRef<'mapio/+/availability'> {
  return topicRef('mapio/+/availability', daemon);
}

/** A subscription narrower than its contract pattern: some `+` levels fixed (e.g. the configs of one node). */
export interface TopicFilter<P extends TopicPattern = TopicPattern> {
  readonly pattern: P;
  readonly filter: string;
}

/** `topicFilter('homeassistant/+/+/+/config', '+', 'node', '+')`: each level is a value or `+`. */
export function topicFilter<P extends TopicPattern>(pattern: P, ...params: string[]): TopicFilter<P> {
  return { pattern, filter: fillTopic(pattern, params, true) };
}
