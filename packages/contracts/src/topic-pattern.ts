/**
 * MQTT topic patterns as used in the contract: `+` stands for exactly one level and is filled in by
 * the publisher (e.g. `mapio/+/availability`); `#` is only allowed in subscriptions.
 */

export class TopicPatternError extends Error {}

const LEVEL_FORBIDDEN = /[+#/]/;

/**
 * Replaces each `+` of `pattern` by the next parameter. Every parameter must be one non-empty level;
 * with `keepWildcards`, a parameter may also be `+` (a narrower subscription filter).
 */
export function fillTopic(pattern: string, params: readonly string[], keepWildcards = false): string {
  const levels = pattern.split('/');
  const wildcards = levels.filter((level) => level === '+').length;
  if (wildcards !== params.length) {
    throw new TopicPatternError(
      `topic pattern ${pattern} needs ${wildcards} parameter(s), got ${params.length}`,
    );
  }
  let next = 0;
  return levels
    .map((level) => {
      if (level !== '+') return level;
      const value = params[next++] ?? '';
      if (keepWildcards && value === '+') return value;
      if (value === '' || LEVEL_FORBIDDEN.test(value) || value.includes('\0')) {
        throw new TopicPatternError(`invalid topic level ${JSON.stringify(value)} for ${pattern}`);
      }
      return value;
    })
    .join('/');
}

/** True when `topic` (a concrete topic) is matched by the subscription `pattern` (`+` and `#` allowed). */
export function topicMatches(pattern: string, topic: string): boolean {
  const p = pattern.split('/');
  const t = topic.split('/');
  for (let i = 0; i < p.length; i++) {
    const level = p[i];
    if (level === '#') return i <= t.length; // `a/#` also matches `a`
    if (i >= t.length) return false;
    if (level !== '+' && level !== t[i]) return false;
  }
  return p.length === t.length;
}
