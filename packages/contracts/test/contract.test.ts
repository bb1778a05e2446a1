import {
  contract,
  decodePayload,
  encodePayload,
  InvalidPayloadError,
  type Channel,
  type TopicPattern,
} from '@mapio/contracts';

const entries = Object.entries(contract) as [TopicPattern, Channel][];

describe('the MQTT contract', () => {
  it('keys every channel by its own pattern', () => {
    for (const [key, ch] of entries) expect(ch.pattern).toBe(key);
  });

  it('covers every topic of the architecture table', () => {
    expect(Object.keys(contract).sort()).toEqual(
      [
        'homeassistant/+/+/+/config',
        'homeassistant/binary_sensor/+/+/config',
        'homeassistant/device_automation/+/+/config',
        'homeassistant/light/+/+/config',
        'homeassistant/notify/+/+/config',
        'homeassistant/select/+/+/config',
        'homeassistant/sensor/+/+/config',
        'homeassistant/switch/+/+/config',
        'homeassistant/status',
        'mapio/+/availability',
        'mapio/display/button',
        'mapio/display/notify/set',
        'mapio/display/view',
        'mapio/display/view/set',
        'mapio/gpio-ha/linky',
        'mapio/gpio-ha/power',
        'mapio/gpio-ha/relay1',
        'mapio/gpio-ha/relay1/set',
        'mapio/gpio-ha/user_led',
        'mapio/gpio-ha/user_led/set',
        'mapio/init/state',
        'mapio/webserver-back/docker',
        'mapio/webserver-back/http',
        'mapio/webserver-back/http/set',
        'mapio/webserver-back/network',
        'mapio/webserver-back/ota',
        'mapio/webserver-back/pairing',
        'mapio/webserver-back/wifi-ap',
      ].sort(),
    );
  });

  it('only retains state, never commands or events', () => {
    for (const [pattern, ch] of entries) {
      const isEvent = pattern.endsWith('/set') || pattern === 'mapio/display/button' || pattern === 'homeassistant/status';
      expect({ pattern, retain: ch.retain }).toEqual({ pattern, retain: !isEvent });
    }
  });

  describe.each(entries)('%s', (pattern, ch) => {
    it('has at least one valid and one invalid example', () => {
      expect(ch.examples.valid.length).toBeGreaterThan(0);
      expect(ch.examples.invalid.length).toBeGreaterThan(0);
    });

    it.each([...ch.examples.valid])('accepts %s and re-encodes it to an equal payload', (wire) => {
      const decoded = decodePayload(ch, Buffer.from(wire));
      expect(decoded).toMatchObject({ ok: true });
      if (!decoded.ok) return;
      const again = encodePayload(ch, pattern, decoded.value as never);
      expect(decodePayload(ch, again)).toEqual(decoded);
    });

    it.each([...ch.examples.invalid])('rejects %s with a reason', (wire) => {
      const decoded = decodePayload(ch, Buffer.from(wire));
      expect(decoded.ok).toBe(false);
      if (!decoded.ok) expect(decoded.reason.length).toBeGreaterThan(0);
    });
  });
});

describe('encodePayload', () => {
  it('throws InvalidPayloadError naming the topic and the field for a bad payload', () => {
    const ch = contract['mapio/gpio-ha/power'];
    const bad = { state: 'charging', batteryPercent: 101, batteryVolts: 4, externalPower: true, at: new Date().toISOString() };
    expect(() => encodePayload(ch, 'mapio/gpio-ha/power', bad as never)).toThrow(InvalidPayloadError);
    expect(() => encodePayload(ch, 'mapio/gpio-ha/power', bad as never)).toThrow(/mapio\/gpio-ha\/power: batteryPercent/);
  });

  it('sends plain text for text channels and an empty message for a cleared JSON topic', () => {
    expect(encodePayload(contract['mapio/gpio-ha/relay1'], 'mapio/gpio-ha/relay1', 'ON')).toBe('ON');
    expect(encodePayload(contract['homeassistant/+/+/+/config'], 'homeassistant/switch/x/y/config', null)).toBe('');
  });

  it('reports a non-JSON payload as such', () => {
    const decoded = decodePayload(contract['mapio/init/state'], 'done');
    expect(decoded).toEqual({ ok: false, reason: 'not JSON: "done"' });
  });
});
