import { absolutePath, field, integer, text, type baseConfigFields, type ConfigOf } from '@mapio/runtime';

export const initConfigFields = {
  mqttWaitMs: field({
    env: 'MAPIO_INIT_MQTT_WAIT_MS',
    description: 'how long init waits for the broker to report its state (it never fails the boot for it)',
    schema: integer(0, 600_000),
    default: '10000',
  }),
  raucSystemConf: field({
    env: 'MAPIO_RAUC_SYSTEM_CONF',
    description: "health: RAUC's system.conf; without it there is no A/B slot to mark and health is skipped",
    schema: absolutePath,
    default: '/etc/rauc/system.conf',
  }),
  dockerHost: field({
    env: 'DOCKER_HOST',
    description: 'health: the Docker Engine that must answer (unix:// socket)',
    schema: text.refine((v) => v.startsWith('unix:///'), 'expected unix:///path/to/docker.sock'),
    default: 'unix:///var/run/docker.sock',
  }),
};

export type InitConfig = ConfigOf<typeof baseConfigFields & typeof initConfigFields>;
