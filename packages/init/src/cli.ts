import type {
  baseConfigFields} from '@mapio/runtime';
import {
  createLogger,
  errorMessage,
  exitOnUncaught,
  EXIT_USAGE,
  field,
  integer,
  MqttBus,
  outgoing,
  packageVersion,
  prepareCli,
  type ConfigOf,
  type Logger,
} from '@mapio/runtime';
import type { InitState } from '@mapio/contracts';

export const initConfigFields = {
  mqttWaitMs: field({
    env: 'MAPIO_INIT_MQTT_WAIT_MS',
    description: 'how long init waits for the broker to report its state (it never fails the boot for it)',
    schema: integer(0, 600_000),
    default: '10000',
  }),
};

type InitConfig = ConfigOf<typeof baseConfigFields & typeof initConfigFields>;

// Say only what boot does today: partition growth, the health check and RAUC marking are still to come.
const COMMANDS: Array<[string, string]> = [['boot [--dry-run]', 'report done on mapio/init/state (the boot work itself is not there yet)']];

/**
 * mapio-init is a one-shot tool run by systemd at boot. It reports on `mapio/init/state`; its last
 * will says `failed`, so a crash half-way is visible to the LEDs and the display.
 */
export async function runInit(argv: readonly string[]): Promise<void> {
  const { request, config } = prepareCli(
    {
      binary: 'mapio-init',
      version: packageVersion(__dirname),
      summary: 'boot-time reporting of MAPIO OS (first-boot and after-update work to come)',
      commands: COMMANDS,
      options: [['--dry-run', 'report the run as a dry run (boot changes nothing yet either way)']],
    },
    initConfigFields,
    argv,
  );
  const [command, ...rest] = request.args;
  if (command !== 'boot' || rest.length > 0) {
    process.stderr.write(`mapio-init: expected a command: ${COMMANDS.map(([usage]) => usage).join(' | ')} (see --help)\n`);
    process.exit(EXIT_USAGE);
  }
  const logger = createLogger({ name: 'mapio-init', level: config.logLevel, format: config.logFormat });
  exitOnUncaught(logger);
  const dryRun = request.flags.has('--dry-run');
  const reporter = new InitReporter(config, logger);
  try {
    logger.info({ command, dryRun }, 'starting');
    // The partition growth, health check and RAUC marking come with the init issue; until then boot
    // has nothing to change and reports done.
    await reporter.report({ phase: 'done', message: dryRun ? 'boot checks done (dry run)' : 'boot checks done' });
    await reporter.close();
    logger.info({ command }, 'done');
    process.exit(0);
  } catch (error) {
    logger.error({ err: errorMessage(error) }, 'boot failed');
    await reporter.report({ phase: 'failed', message: errorMessage(error) }).catch(() => undefined);
    await reporter.close();
    process.exit(1);
  }
}

/** What the broker publishes on `mapio/init/state` if init dies without a clean disconnect. */
export function initLastWill() {
  return outgoing('mapio/init/state', { phase: 'failed', message: 'mapio-init stopped unexpectedly' });
}

/** Publishes init's state when the broker is reachable within the configured wait; logs otherwise. */
class InitReporter {
  private readonly bus: MqttBus;

  constructor(
    private readonly config: InitConfig,
    private readonly logger: Logger,
  ) {
    this.bus = new MqttBus({
      url: config.mqttUrl,
      username: config.mqttUsername,
      password: config.mqttPassword,
      clientId: `mapio-init-${process.pid}`,
      logger,
      will: initLastWill(),
    });
  }

  async report(state: InitState): Promise<void> {
    const payload = { ...state, at: new Date().toISOString() };
    if (!(await this.bus.waitConnected(this.config.mqttWaitMs))) {
      this.logger.warn({ state: payload, waitedMs: this.config.mqttWaitMs }, 'broker unreachable: state not published');
      return;
    }
    this.bus.publish('mapio/init/state', payload);
  }

  async close(): Promise<void> {
    await this.bus.close(2000);
  }
}
