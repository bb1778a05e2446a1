import { contract, encodePayload, ViewName } from '@mapio/contracts';
import { homeAssistantDevice } from '@mapio/runtime';
import { displayDiscovery } from '../src/home-assistant/display-discovery';

const identity = { serial: '10000000abcdef01', deviceId: 'mapio_10000000abcdef01', osVersion: '1.4.0' };
const { triggers, notify, select } = displayDiscovery({ identity, version: '0.1.0' });

describe('what the display announces to Home Assistant', () => {
  it('one device trigger per button under device_automation, on the MAPIO device', () => {
    expect(triggers.map((m) => m.target.topic)).toEqual([
      'homeassistant/device_automation/mapio_10000000abcdef01/button_up/config',
      'homeassistant/device_automation/mapio_10000000abcdef01/button_down/config',
      'homeassistant/device_automation/mapio_10000000abcdef01/button_mid/config',
    ]);
    expect(triggers[1]?.payload).toMatchObject({
      automation_type: 'trigger',
      topic: 'mapio/display/button',
      type: 'button_short_press',
      subtype: 'down',
      payload: 'down',
      value_template: '{{ value_json.button }}',
    });
  });

  it('the same device block as gpio-ha, and an origin naming mapio-display and its version', () => {
    for (const { payload } of [...triggers, notify, select]) {
      expect(payload.device).toEqual(homeAssistantDevice(identity));
      expect(payload.origin).toEqual({ name: 'mapio-display', sw_version: '0.1.0' });
    }
  });

  it('a notify entity whose messages go to mapio/display/notify/set, available while the display is', () => {
    expect(notify.target.topic).toBe('homeassistant/notify/mapio_10000000abcdef01_display/screen/config');
    expect(notify.payload).toMatchObject({
      command_topic: 'mapio/display/notify/set',
      availability_topic: 'mapio/display/availability',
      unique_id: 'mapio_10000000abcdef01_display_notify',
    });
  });

  it('a select whose state is the view shown and whose command chooses a page', () => {
    expect(select.target.topic).toBe('homeassistant/select/mapio_10000000abcdef01_display/view/config');
    expect(select.payload).toMatchObject({
      command_topic: 'mapio/display/view/set',
      state_topic: 'mapio/display/view',
      value_template: '{{ value_json.view }}',
      options: ViewName.options,
      availability_topic: 'mapio/display/availability',
    });
  });

  it('passes the strict discovery channels of the contract (only the fields Home Assistant documents)', () => {
    for (const { target, payload } of triggers) {
      expect(() => encodePayload(contract['homeassistant/device_automation/+/+/config'], target.topic, payload)).not.toThrow();
    }
    expect(() => encodePayload(contract['homeassistant/notify/+/+/config'], notify.target.topic, notify.payload)).not.toThrow();
    expect(() => encodePayload(contract['homeassistant/select/+/+/config'], select.target.topic, select.payload)).not.toThrow();
  });
});
