import { absolutePath, field, homeAssistantPrefixField, integer, oneOf, type ConfigFields } from '@mapio/runtime';

/** mapio-display's own settings (the common ones come from the runtime). */
export const displayConfigFields = {
  haPrefix: homeAssistantPrefixField,
  fullRefreshEvery: field({
    env: 'MAPIO_DISPLAY_FULL_REFRESH_EVERY',
    description: 'partial refreshes between two full ones (ghosting builds up otherwise)',
    schema: integer(0, 1000),
    default: '5',
  }),
  fullRefreshMinutes: field({
    env: 'MAPIO_DISPLAY_FULL_REFRESH_MINUTES',
    description: 'a refresh is full when the last full one is older than this',
    schema: integer(1, 24 * 60),
    default: '60',
  }),
  fullRefreshKind: field({
    env: 'MAPIO_DISPLAY_FULL_REFRESH_KIND',
    description: 'full (V3 and V4 panels) or fast (V4 panels only: a shorter flash)',
    schema: oneOf(['full', 'fast']),
    default: 'full',
  }),
  debounceMs: field({
    env: 'MAPIO_DISPLAY_DEBOUNCE_MS',
    description: 'button presses closer than this (ms) count as one',
    schema: integer(0, 1000),
    default: '50',
  }),
  customImage: field({
    env: 'MAPIO_DISPLAY_CUSTOM_IMAGE',
    description: 'picture of the CUSTOM view (unset: <MAPIO_DATA_DIR>/homeassistant/media/epaper.jpg)',
    schema: absolutePath,
  }),
  notifyTimeoutS: field({
    env: 'MAPIO_DISPLAY_NOTIFY_TIMEOUT_S',
    description: 'a notification from Home Assistant stays this long (s) unless a button is pressed first',
    schema: integer(1, 24 * 3600),
    default: '300',
  }),
  simPanel: field({
    env: 'MAPIO_DISPLAY_SIM_PANEL',
    description: 'sim only: emulated panel timing, realistic (2 s full refresh) or fast (milliseconds)',
    schema: oneOf(['realistic', 'fast']),
    default: 'realistic',
  }),
} satisfies ConfigFields;
