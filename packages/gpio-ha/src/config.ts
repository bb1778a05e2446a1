import { mapioBoard } from '@mapio/hal';
import { absolutePath, field, homeAssistantPrefixField, integer, oneOf } from '@mapio/runtime';

/** mapio-gpio-ha's own settings (the common ones come from the runtime). */
export const gpioHaConfigFields = {
  haPrefix: homeAssistantPrefixField,
  discoverySettleMs: field({
    env: 'MAPIO_HA_DISCOVERY_SETTLE_MS',
    description:
      'at start, how long the discovery configs an earlier run left on the broker are collected before the stale ones are removed',
    schema: integer(0, 60_000),
    default: '1500',
  }),
  ledsRoot: field({
    env: 'MAPIO_LEDS_ROOT',
    description: 'sysfs LED class directory of the board (real hardware; the simulation uses MAPIO_SIM_DIR/leds)',
    schema: absolutePath,
    default: mapioBoard.leds.root,
  }),
  linky: field({
    env: 'MAPIO_LINKY',
    description: 'Linky TIC: on, off, or auto = on while MAPIO_DATA_DIR/homeassistant/enable_linky exists',
    schema: oneOf(['auto', 'on', 'off']),
    default: 'auto',
  }),
  ticDevice: field({
    env: 'MAPIO_TIC_DEVICE',
    description: 'Linky TIC serial device (with MAPIO_HARDWARE=sim any tty, e.g. a socat pty)',
    schema: absolutePath,
    default: mapioBoard.tic.device,
  }),
  ticMode: field({
    env: 'MAPIO_TIC_MODE',
    description: 'TIC mode: historic (1200 baud), standard (9600 baud), or auto (detected)',
    schema: oneOf(['auto', 'historic', 'standard']),
    default: 'auto',
  }),
  linkyPublishMs: field({
    env: 'MAPIO_LINKY_PUBLISH_MS',
    description: 'Linky readings published at most this often (at once on a tariff change)',
    schema: integer(1000, 3_600_000),
    default: '10000',
  }),
  linkyLabelExpiryH: field({
    env: 'MAPIO_LINKY_LABEL_EXPIRY_H',
    description: 'a Linky label absent from every frame this many hours is forgotten and its entity removed',
    schema: integer(1, 8760),
    default: '24',
  }),
  batterySampleMs: field({
    env: 'MAPIO_BATTERY_SAMPLE_MS',
    description: 'how often the battery voltage is sampled',
    schema: integer(1000, 600_000),
    default: '30000',
  }),
  powerHeartbeatMs: field({
    env: 'MAPIO_POWER_HEARTBEAT_MS',
    description: 'mapio/gpio-ha/power is published on change and at least this often',
    schema: integer(10_000, 3_600_000),
    default: '300000',
  }),
  statusGraceMs: field({
    env: 'MAPIO_STATUS_GRACE_MS',
    description: 'after start, how long LED1 shows "starting" (orange) before a missing daemon or Docker turns it red',
    schema: integer(0, 3_600_000),
    default: '90000',
  }),
};
