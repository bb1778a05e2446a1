import {
  availabilityTopic,
  contractTopicToWire,
  DiscoveryPrefix,
  fillTopic,
  topicFilter,
  topicMatches,
  topicRef,
  wireTopicToContract,
} from '@mapio/contracts';

describe('topic patterns', () => {
  it('fills each + with one level', () => {
    expect(fillTopic('homeassistant/+/+/+/config', ['switch', 'mapio_1', 'relay1'])).toBe(
      'homeassistant/switch/mapio_1/relay1/config',
    );
    expect(availabilityTopic('gpio-ha')).toEqual({ pattern: 'mapio/+/availability', topic: 'mapio/gpio-ha/availability' });
  });

  it('refuses parameters that would change the topic structure', () => {
    expect(() => topicRef('mapio/+/availability', 'a/b')).toThrow(/invalid topic level/);
    expect(() => topicRef('mapio/+/availability', '#')).toThrow(/invalid topic level/);
    expect(() => topicRef('mapio/+/availability', '')).toThrow(/invalid topic level/);
    expect(() => topicRef('mapio/+/availability')).toThrow(/needs 1 parameter/);
  });

  it('matches like an MQTT broker does', () => {
    expect(topicMatches('mapio/+/availability', 'mapio/display/availability')).toBe(true);
    expect(topicMatches('mapio/+/availability', 'mapio/display/x/availability')).toBe(false);
    expect(topicMatches('mapio/#', 'mapio')).toBe(true);
    expect(topicMatches('mapio/#', 'mapio/a/b')).toBe(true);
    expect(topicMatches('mapio/a/#', 'mapio')).toBe(false);
    expect(topicMatches('mapio/gpio-ha/relay1', 'mapio/gpio-ha/relay1/set')).toBe(false);
  });
});

describe('narrower subscription filters', () => {
  it('keeps + where asked and fills the other levels', () => {
    expect(topicFilter('homeassistant/+/+/+/config', '+', 'mapio_1_gpio_ha', '+')).toEqual({
      pattern: 'homeassistant/+/+/+/config',
      filter: 'homeassistant/+/mapio_1_gpio_ha/+/config',
    });
    expect(() => topicFilter('homeassistant/+/+/+/config', '#', 'x', '+')).toThrow(/invalid topic level/);
  });
});

describe('the Home Assistant discovery prefix on the wire', () => {
  it('moves homeassistant/ topics under the configured prefix and back', () => {
    expect(contractTopicToWire('homeassistant/status', 'ha')).toBe('ha/status');
    expect(contractTopicToWire('homeassistant/+/+/+/config', 'site/ha')).toBe('site/ha/+/+/+/config');
    expect(wireTopicToContract('site/ha/switch/n/relay1/config', 'site/ha')).toBe('homeassistant/switch/n/relay1/config');
    expect(wireTopicToContract('ha/status', 'ha')).toBe('homeassistant/status');
  });

  it('leaves mapio/ topics alone and does not take homeassistant/ for ours when the prefix differs', () => {
    expect(contractTopicToWire('mapio/gpio-ha/relay1', 'ha')).toBe('mapio/gpio-ha/relay1');
    expect(wireTopicToContract('mapio/gpio-ha/relay1', 'ha')).toBe('mapio/gpio-ha/relay1');
    expect(wireTopicToContract('homeassistant/status', 'ha')).toBeNull();
    expect(wireTopicToContract('homeassistant/status', 'homeassistant')).toBe('homeassistant/status');
  });

  it('accepts only plain topic levels outside mapio/ as a prefix', () => {
    expect(DiscoveryPrefix.safeParse('homeassistant').success).toBe(true);
    expect(DiscoveryPrefix.safeParse('site/ha').success).toBe(true);
    for (const bad of ['', 'ha/', 'ha/#', '+', 'mapio', 'mapio/ha', 'a b']) {
      expect({ bad, ok: DiscoveryPrefix.safeParse(bad).success }).toEqual({ bad, ok: false });
    }
  });
});
