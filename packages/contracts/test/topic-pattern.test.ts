import { availabilityTopic, fillTopic, topicMatches, topicParams, topicRef } from '@mapio/contracts';

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
    expect(topicParams('homeassistant/+/+/+/config', 'homeassistant/light/n/o/config')).toEqual(['light', 'n', 'o']);
  });
});
