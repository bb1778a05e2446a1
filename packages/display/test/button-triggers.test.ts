import { contract, encodePayload } from '@mapio/contracts';
import { buttonTriggerDiscovery } from '../src/home-assistant/button-triggers';

const identity = { serial: '10000000abcdef01', deviceId: 'mapio_10000000abcdef01', osVersion: '1.4.0' };

describe('Home Assistant device triggers for the three buttons', () => {
  const messages = buttonTriggerDiscovery(identity);

  it('announces one trigger per button under device_automation, on the MAPIO device', () => {
    expect(messages.map((m) => m.target.topic)).toEqual([
      'homeassistant/device_automation/mapio_10000000abcdef01/button_up/config',
      'homeassistant/device_automation/mapio_10000000abcdef01/button_down/config',
      'homeassistant/device_automation/mapio_10000000abcdef01/button_mid/config',
    ]);
    for (const { payload } of messages) expect(payload.device.identifiers).toEqual(['mapio_10000000abcdef01']);
  });

  it('fires on mapio/display/button when its button field names the button', () => {
    expect(messages[1]?.payload).toMatchObject({
      automation_type: 'trigger',
      topic: 'mapio/display/button',
      type: 'button_short_press',
      subtype: 'down',
      payload: 'down',
      value_template: '{{ value_json.button }}',
    });
  });

  it('passes the discovery contract', () => {
    for (const { target, payload } of messages) {
      expect(() => encodePayload(contract['homeassistant/+/+/+/config'], target.topic, payload)).not.toThrow();
    }
  });
});
