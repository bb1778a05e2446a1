import type { z } from 'zod';
import { channel, type Channel } from './channel';
import { Availability, OnOff } from './payloads/common';
import { ButtonPress, DisplayView, NotificationText, PageName } from './payloads/display';
import { LinkyFrame, PowerState, UserLedCommand, UserLedState } from './payloads/gpio-ha';
import {
  BinarySensorDiscovery,
  DeviceTriggerDiscovery,
  DiscoveryConfig,
  JsonLightDiscovery,
  NotifyDiscovery,
  SelectDiscovery,
  SensorDiscovery,
  SwitchDiscovery,
} from './payloads/home-assistant';
import { InitState } from './payloads/init';
import {
  DockerState,
  HttpCommand,
  HttpState,
  NetworkState,
  OtaState,
  Pairing,
  WifiApState,
} from './payloads/webserver-back';

const AT = '2026-11-26T10:00:00.000Z';
const HA_DEVICE = '"device":{"identifiers":["mapio_1234"],"name":"MAPIO"}';
const HA_ENTITY = `"unique_id":"mapio_1234_x","availability_topic":"mapio/gpio-ha/availability",${HA_DEVICE}`;

/**
 * Every MQTT topic the MAPIO daemons exchange, keyed by topic pattern (`+` = one level filled in by the
 * publisher). A daemon writes only under `mapio/<itself>/` (gpio-ha and display also under the Home
 * Assistant discovery prefix); anyone may write a `.../set` topic.
 */
export const contract = {
  'mapio/+/availability': channel({
    pattern: 'mapio/+/availability',
    format: 'text',
    schema: Availability,
    retain: true,
    description: 'online on connect, offline as last will and on clean stop (display, gpio-ha, webserver-back)',
    examples: { valid: ['online', 'offline'], invalid: ['', 'ONLINE', '{"state":"online"}'] },
  }),

  'mapio/gpio-ha/power': channel({
    pattern: 'mapio/gpio-ha/power',
    format: 'json',
    schema: PowerState,
    retain: true,
    description: 'battery and charger state, on change and at least every 5 min',
    examples: {
      valid: [
        `{"state":"charging","batteryPercent":54,"batteryVolts":3.82,"externalPower":true,"at":"${AT}"}`,
        `{"state":"no_battery","batteryPercent":null,"batteryVolts":null,"externalPower":true,"at":"${AT}"}`,
      ],
      invalid: [
        `{"state":"charging","batteryPercent":140,"batteryVolts":3.8,"externalPower":true,"at":"${AT}"}`,
        `{"state":"full","batteryPercent":100,"batteryVolts":4.2,"externalPower":true,"at":"${AT}"}`,
        '{"state":"charging"}',
      ],
    },
  }),
  'mapio/gpio-ha/relay1': channel({
    pattern: 'mapio/gpio-ha/relay1',
    format: 'text',
    schema: OnOff,
    retain: true,
    description: 'relay state, published after the GPIO write succeeded',
    examples: { valid: ['ON', 'OFF'], invalid: ['on', '1', ''] },
  }),
  'mapio/gpio-ha/relay1/set': channel({
    pattern: 'mapio/gpio-ha/relay1/set',
    format: 'text',
    schema: OnOff,
    retain: false,
    description: 'relay command from Home Assistant',
    examples: { valid: ['ON', 'OFF'], invalid: ['TOGGLE', 'true', ''] },
  }),
  'mapio/gpio-ha/user_led': channel({
    pattern: 'mapio/gpio-ha/user_led',
    format: 'json',
    schema: UserLedState,
    retain: true,
    description: 'LED2 state (Home Assistant JSON light schema)',
    examples: {
      valid: ['{"state":"ON","color_mode":"rgb","color":{"r":255,"g":0,"b":255},"brightness":255}'],
      invalid: ['{"state":"ON"}', '{"state":"ON","color_mode":"rgb","color":{"r":300,"g":0,"b":0},"brightness":255}'],
    },
  }),
  'mapio/gpio-ha/user_led/set': channel({
    pattern: 'mapio/gpio-ha/user_led/set',
    format: 'json',
    schema: UserLedCommand,
    retain: false,
    description: 'LED2 command from Home Assistant (JSON schema light)',
    examples: {
      valid: ['{"state":"OFF"}', '{"state":"ON","color":{"r":0,"g":255,"b":0}}', '{"state":"ON","brightness":128}'],
      invalid: ['ON', '{"state":"BLINK"}', '{"color":{"r":0,"g":255,"b":0}}'],
    },
  }),
  'mapio/gpio-ha/linky': channel({
    pattern: 'mapio/gpio-ha/linky',
    format: 'json',
    schema: LinkyFrame,
    retain: true,
    description: 'last decoded Linky TIC frame, rate limited',
    examples: {
      valid: [
        JSON.stringify({
          meterId: '021728123456',
          mode: 'historic',
          at: AT,
          tariffPeriod: 'HP..',
          apparentPowerVA: 1250,
          indexes: { HCHC: 12345678, HCHP: 23456789 },
          values: { PAPP: { value: 1250, unit: 'VA' }, PTEC: { value: 'HP..', unit: null } },
          overload: false,
          tempo: null,
          ejpNotice: null,
          status: null,
          quality: { goodFrames: 10, badFrames: 1, badGroups: 2 },
        }),
        JSON.stringify({
          meterId: '021728123456',
          mode: 'standard',
          at: AT,
          tariffPeriod: '    HP  BLEU    ',
          apparentPowerVA: 690,
          indexes: { EAST: 12345678 },
          values: { STGE: { value: '013A0001', unit: null } },
          overload: false,
          tempo: { today: 'blue', tomorrow: 'unannounced' },
          ejpNotice: null,
          status: { dryContactOpen: true, cutOff: 'closed', overVoltage: false, overload: false, producing: false },
          quality: { goodFrames: 10, badFrames: 0, badGroups: 0 },
        }),
      ],
      invalid: [
        JSON.stringify({ meterId: null, mode: 'historic', at: AT, tariffPeriod: null, apparentPowerVA: null,
          indexes: { BASE: -1 }, values: {}, quality: { goodFrames: 0, badFrames: 0, badGroups: 0 } }),
        '{"mode":"legacy"}',
      ],
    },
  }),

  'mapio/display/button': channel({
    pattern: 'mapio/display/button',
    format: 'json',
    schema: ButtonPress,
    retain: false,
    description: 'one button press (event)',
    examples: {
      valid: [`{"button":"mid","at":"${AT}"}`, `{"button":"up","at":"2026-11-26T11:00:00+01:00"}`],
      invalid: [`{"button":"left","at":"${AT}"}`, '{"button":"up","at":"yesterday"}'],
    },
  }),
  'mapio/display/view': channel({
    pattern: 'mapio/display/view',
    format: 'json',
    schema: DisplayView,
    retain: true,
    description: 'the view the e-paper shows',
    examples: { valid: ['{"view":"home"}', `{"view":"ota","at":"${AT}"}`], invalid: ['{"view":"settings"}', 'home'] },
  }),
  'mapio/display/view/set': channel({
    pattern: 'mapio/display/view/set',
    format: 'text',
    schema: PageName,
    retain: false,
    description: 'show this page (the Home Assistant select); ignored while a screen takes over',
    examples: { valid: ['home', 'webserver', 'custom'], invalid: ['ota', 'HOME', '{"view":"home"}', ''] },
  }),
  'mapio/display/notify/set': channel({
    pattern: 'mapio/display/notify/set',
    format: 'text',
    schema: NotificationText,
    retain: false,
    description: 'a message shown on the panel until a button is pressed or it times out (the Home Assistant notify entity)',
    examples: { valid: ['Front door open', 'Washing machine done\nUnload it before 18:00'], invalid: ['', '   ', 'x'.repeat(1001)] },
  }),

  'mapio/webserver-back/http': channel({
    pattern: 'mapio/webserver-back/http',
    format: 'json',
    schema: HttpState,
    retain: true,
    description: 'web server enabled or not, port and URLs',
    examples: {
      valid: ['{"enabled":true,"port":8456,"urls":["http://192.168.1.20:8456/"]}', '{"enabled":false,"port":8456,"urls":[]}'],
      invalid: ['{"enabled":"yes","port":8456,"urls":[]}', '{"enabled":true,"port":0,"urls":[]}'],
    },
  }),
  'mapio/webserver-back/http/set': channel({
    pattern: 'mapio/webserver-back/http/set',
    format: 'json',
    schema: HttpCommand,
    retain: false,
    description: 'enable / disable / toggle the web server (display MID button)',
    examples: { valid: ['{"action":"toggle"}', '{"action":"disable"}'], invalid: ['toggle', '{"action":"reboot"}'] },
  }),
  'mapio/webserver-back/pairing': channel({
    pattern: 'mapio/webserver-back/pairing',
    format: 'json',
    schema: Pairing,
    retain: true,
    description: 'pairing URL + token for the QR code (ACL: display and webserver-back only)',
    examples: {
      valid: [
        `{"url":"http://192.168.1.20:8456/pair?token=Qk9hN0x2c2VjcmV0dG9rZW4","token":"Qk9hN0x2c2VjcmV0dG9rZW4","expiresAt":"${AT}"}`,
        `{"url":"http://192.168.1.20:8456/pair?token=Qk9hN0x2c2VjcmV0dG9rZW4","token":"Qk9hN0x2c2VjcmV0dG9rZW4","expiresAt":"${AT}","code":"K7QX-M3TA"}`,
      ],
      invalid: [
        `{"url":"http://192.168.1.20:8456/pair?token=abc","token":"abc","expiresAt":"${AT}"}`,
        `{"url":"http://192.168.1.20:8456/pair?token=Qk9hN0x2c2VjcmV0dG9rZW4","token":"Qk9hN0x2c2VjcmV0dG9rZW4","expiresAt":"${AT}","code":"O0I1-LLLL"}`,
      ],
    },
  }),
  'mapio/webserver-back/docker': channel({
    pattern: 'mapio/webserver-back/docker',
    format: 'json',
    schema: DockerState,
    retain: true,
    description: 'Docker Engine reachability and per-service container state',
    examples: {
      valid: [
        '{"engine":"running","services":[{"name":"homeassistant","state":"running","source":"base"},{"name":"jellyfin","state":"exited"}]}',
        '{"engine":"unreachable","services":[]}',
      ],
      invalid: ['{"engine":"up","services":[]}', '{"engine":"running","services":[{"name":"","state":"running"}]}'],
    },
  }),
  'mapio/webserver-back/network': channel({
    pattern: 'mapio/webserver-back/network',
    format: 'json',
    schema: NetworkState,
    retain: true,
    description: 'interfaces with IPv4 addresses, default route interface, Internet reachability',
    examples: {
      valid: [
        '{"interfaces":[{"name":"eth0","ipv4":["192.168.1.20"]}],"defaultInterface":"eth0","internet":true}',
        '{"interfaces":[],"defaultInterface":null,"internet":false}',
      ],
      invalid: ['{"interfaces":[{"name":"eth0","ipv4":["300.1.1.1"]}],"defaultInterface":"eth0","internet":true}'],
    },
  }),
  'mapio/webserver-back/wifi-ap': channel({
    pattern: 'mapio/webserver-back/wifi-ap',
    format: 'json',
    schema: WifiApState,
    retain: true,
    description: 'setup access point (ACL: display and webserver-back only)',
    examples: {
      valid: [
        '{"active":true,"ssid":"MAPIO","password":"x7Kp2mQ9","address":"10.50.0.1"}',
        '{"active":false,"ssid":"","password":"","address":""}',
      ],
      invalid: ['{"active":true,"ssid":"MAPIO"}'],
    },
  }),
  'mapio/webserver-back/ota': channel({
    pattern: 'mapio/webserver-back/ota',
    format: 'json',
    schema: OtaState,
    retain: true,
    description: 'OS update progress',
    examples: {
      valid: ['{"phase":"installing","progress":42,"message":"Copying image to rootfs.1","version":"1.4.0"}', '{"phase":"idle","progress":0,"message":""}'],
      invalid: ['{"phase":"installing","progress":142,"message":""}', '{"phase":"downloading","progress":1,"message":""}'],
    },
  }),

  'mapio/init/state': channel({
    pattern: 'mapio/init/state',
    format: 'json',
    schema: InitState,
    retain: true,
    description: 'first-boot / post-update work; the last will says failed',
    examples: {
      valid: [
        '{"phase":"growing","message":"Growing /dev/mmcblk1p4"}',
        `{"phase":"done","message":"","at":"${AT}"}`,
        '{"phase":"done","message":"CHANGED: /dev/mmcblk1p4 2147483648 -> 31268536320","device":"/dev/mmcblk1p4","sizes":{"before":2147483648,"after":31268536320}}',
        '{"phase":"failed","message":"not every daemon came online","slot":"B","version":"1.4.0","error":"display offline after 300 s"}',
      ],
      invalid: ['{"phase":"running","message":""}', '{"phase":"done"}', '{"phase":"done","message":"","sizes":{"before":-1,"after":2}}'],
    },
  }),

  'homeassistant/status': channel({
    pattern: 'homeassistant/status',
    format: 'text',
    schema: Availability,
    retain: false,
    description: 'Home Assistant birth / last will message',
    examples: { valid: ['online', 'offline'], invalid: ['{"status":"online"}'] },
  }),
  'homeassistant/+/+/+/config': channel({
    pattern: 'homeassistant/+/+/+/config',
    format: 'json',
    schema: DiscoveryConfig,
    retain: true,
    description:
      'any discovery config, loosely (to read back what is retained); publish through the per-component channels; empty = entity removed',
    examples: {
      valid: ['{"name":"Relay","unique_id":"mapio_1234_relay1","device":{"identifiers":["mapio_1234"]}}', ''],
      invalid: ['{"name":"Relay"}', '{"device":{"identifiers":[]}}'],
    },
  }),
  'homeassistant/device_automation/+/+/config': channel({
    pattern: 'homeassistant/device_automation/+/+/config',
    format: 'json',
    schema: DeviceTriggerDiscovery.nullable(),
    retain: true,
    description: 'device trigger (the display buttons): only the fields Home Assistant documents',
    examples: {
      valid: [
        `{"automation_type":"trigger","topic":"mapio/display/button","type":"button_short_press","subtype":"mid","payload":"mid","value_template":"{{ value_json.button }}",${HA_DEVICE},"origin":{"name":"mapio-display","sw_version":"0.1.0"}}`,
        '',
      ],
      invalid: [
        `{"automation_type":"trigger","topic":"mapio/display/button","type":"button_short_press",${HA_DEVICE}}`,
        `{"automation_type":"trigger","topic":"mapio/display/button","type":"button_short_press","subtype":"mid","unique_id":"x",${HA_DEVICE}}`,
        '{"automation_type":"trigger","topic":"mapio/display/button","type":"button_short_press","subtype":"mid"}',
      ],
    },
  }),
  'homeassistant/notify/+/+/config': channel({
    pattern: 'homeassistant/notify/+/+/config',
    format: 'json',
    schema: NotifyDiscovery.nullable(),
    retain: true,
    description: 'notify entity: only the fields Home Assistant documents',
    examples: {
      valid: [`{"name":"Screen",${HA_ENTITY},"command_topic":"mapio/display/notify/set"}`, ''],
      invalid: [
        `{"name":"Screen",${HA_ENTITY}}`,
        `{"name":"Screen",${HA_ENTITY},"command_topic":"mapio/display/notify/set","state_topic":"mapio/display/view"}`,
      ],
    },
  }),
  'homeassistant/select/+/+/config': channel({
    pattern: 'homeassistant/select/+/+/config',
    format: 'json',
    schema: SelectDiscovery.nullable(),
    retain: true,
    description: 'select entity: only the fields Home Assistant documents',
    examples: {
      valid: [
        `{"name":"Screen view",${HA_ENTITY},"command_topic":"mapio/display/view/set","state_topic":"mapio/display/view","value_template":"{{ value_json.view }}","options":["home","system"]}`,
        '',
      ],
      invalid: [
        `{"name":"Screen view",${HA_ENTITY},"command_topic":"mapio/display/view/set"}`,
        `{"name":"Screen view",${HA_ENTITY},"command_topic":"mapio/display/view/set","options":["home","home"]}`,
        `{"name":"Screen view",${HA_ENTITY},"command_topic":"mapio/display/view/set","options":["home"],"payload_on":"x"}`,
      ],
    },
  }),
  'homeassistant/sensor/+/+/config': channel({
    pattern: 'homeassistant/sensor/+/+/config',
    format: 'json',
    schema: SensorDiscovery.nullable(),
    retain: true,
    description: 'sensor entity: only the fields Home Assistant documents, units matching the device class',
    examples: {
      valid: [
        `{"name":"Battery level",${HA_ENTITY},"state_topic":"mapio/gpio-ha/power","value_template":"{{ value_json.batteryPercent }}","device_class":"battery","state_class":"measurement","unit_of_measurement":"%","expire_after":630}`,
        `{"name":"Linky index BASE",${HA_ENTITY},"state_topic":"mapio/gpio-ha/linky","device_class":"energy","state_class":"total_increasing","unit_of_measurement":"Wh"}`,
        `{"name":"Power state",${HA_ENTITY},"state_topic":"mapio/gpio-ha/power","device_class":"enum","options":["charging","charged"]}`,
        '',
      ],
      invalid: [
        `{"name":"Battery level",${HA_ENTITY},"state_topic":"mapio/gpio-ha/power","device_class":"battery","unit_of_measurement":"V"}`,
        `{"name":"Index",${HA_ENTITY},"state_topic":"mapio/gpio-ha/linky","device_class":"energy","state_class":"measurement","unit_of_measurement":"Wh"}`,
        `{"name":"Typo",${HA_ENTITY},"state_topic":"mapio/gpio-ha/power","unit_of_measure":"V"}`,
        `{"name":"No id",${HA_DEVICE},"state_topic":"mapio/gpio-ha/power"}`,
        `{"name":"Wildcard",${HA_ENTITY},"state_topic":"mapio/+/power"}`,
      ],
    },
  }),
  'homeassistant/binary_sensor/+/+/config': channel({
    pattern: 'homeassistant/binary_sensor/+/+/config',
    format: 'json',
    schema: BinarySensorDiscovery.nullable(),
    retain: true,
    description: 'binary_sensor entity: only the fields Home Assistant documents',
    examples: {
      valid: [
        `{"name":"External power",${HA_ENTITY},"state_topic":"mapio/gpio-ha/power","value_template":"{{ 'ON' if value_json.externalPower else 'OFF' }}","device_class":"plug"}`,
        '',
      ],
      invalid: [
        `{"name":"Charging",${HA_ENTITY},"state_topic":"mapio/gpio-ha/power","device_class":"charging"}`,
        `{"name":"Charging",${HA_ENTITY},"state_topic":"mapio/gpio-ha/power","unit_of_measurement":"%"}`,
      ],
    },
  }),
  'homeassistant/switch/+/+/config': channel({
    pattern: 'homeassistant/switch/+/+/config',
    format: 'json',
    schema: SwitchDiscovery.nullable(),
    retain: true,
    description: 'switch entity: only the fields Home Assistant documents',
    examples: {
      valid: [
        `{"name":"Relay",${HA_ENTITY},"command_topic":"mapio/gpio-ha/relay1/set","state_topic":"mapio/gpio-ha/relay1","payload_on":"ON","payload_off":"OFF"}`,
        '',
      ],
      invalid: [
        `{"name":"Relay",${HA_ENTITY},"state_topic":"mapio/gpio-ha/relay1"}`,
        `{"name":"Relay",${HA_ENTITY},"command_topic":"mapio/gpio-ha/relay1/set","device_class":"relay"}`,
      ],
    },
  }),
  'homeassistant/light/+/+/config': channel({
    pattern: 'homeassistant/light/+/+/config',
    format: 'json',
    schema: JsonLightDiscovery.nullable(),
    retain: true,
    description: 'light entity, JSON schema: only the fields Home Assistant documents',
    examples: {
      valid: [
        `{"name":"User LED",${HA_ENTITY},"schema":"json","command_topic":"mapio/gpio-ha/user_led/set","state_topic":"mapio/gpio-ha/user_led","supported_color_modes":["rgb"]}`,
        `{"name":"User LED",${HA_ENTITY},"schema":"json","command_topic":"mapio/gpio-ha/user_led/set","supported_color_modes":["rgb"],"brightness":false}`,
        '',
      ],
      invalid: [
        `{"name":"User LED",${HA_ENTITY},"command_topic":"mapio/gpio-ha/user_led/set"}`,
        `{"name":"User LED",${HA_ENTITY},"schema":"json","command_topic":"x/set","supported_color_modes":["onoff","rgb"]}`,
        `{"name":"User LED",${HA_ENTITY},"schema":"json","command_topic":"x/set","rgb_command_topic":"x/rgb"}`,
        // Flags Home Assistant 2025.3 no longer takes (deprecated since 2024.4).
        `{"name":"User LED",${HA_ENTITY},"schema":"json","command_topic":"x/set","color_mode":true,"supported_color_modes":["rgb"]}`,
        `{"name":"User LED",${HA_ENTITY},"schema":"json","command_topic":"x/set","rgb":true,"brightness":true}`,
        `{"name":"Lamp",${HA_ENTITY},"schema":"json","command_topic":"x/set","supported_color_modes":["color_temp"],"brightness":false}`,
      ],
    },
  }),
} as const satisfies Record<string, Channel>;

export type Contract = typeof contract;
/** Every topic pattern of the contract. */
export type TopicPattern = keyof Contract;
/** topic pattern -> payload type (what a subscriber receives, after parsing). */
export type TopicMap = { [P in TopicPattern]: z.output<Contract[P]['schema']> };
/** topic pattern -> what a publisher may pass (before parsing, e.g. optional fields left out). */
export type TopicInputMap = { [P in TopicPattern]: z.input<Contract[P]['schema']> };
