import type { LongRunningDaemon } from '@mapio/contracts';
import type { Logger } from 'pino';
import { MqttBus } from './bus';
import { EXIT_CONFIG, EXIT_USAGE, parseCli, type CliSpec } from './cli';
import { baseConfigFields, ConfigError, loadConfig, type BaseConfig, type ConfigFields, type ConfigOf } from './config';
import type { Feature } from './feature';
import { errorMessage } from './error-message';
import { createLogger } from './logger';

export interface DaemonContext<C> {
  config: C;
  logger: Logger;
  bus: MqttBus;
}

export interface DaemonSpec<F extends ConfigFields> {
  name: LongRunningDaemon;
  version: string;
  summary: string;
  /** The daemon's own settings, added to the base ones. */
  config: F;
  features(context: DaemonContext<BaseConfig & ConfigOf<F>>): Feature[];
  /** Daemons publishing Home Assistant discovery: the configured discovery prefix (see MqttBus). */
  homeAssistantPrefix?(config: BaseConfig & ConfigOf<F>): string;
  /** Budget for the whole shutdown (features + disconnect); systemd's stop timeout is larger. */
  shutdownTimeoutMs?: number;
}

/** Parses arguments and configuration, or exits with the right code and a readable message. */
export function prepareCli<F extends ConfigFields>(
  cli: Omit<CliSpec, 'config'>,
  fields: F,
  argv: readonly string[],
): { request: Extract<ReturnType<typeof parseCli>, { kind: 'run' }>; config: BaseConfig & ConfigOf<F> } {
  const allFields = { ...baseConfigFields, ...fields };
  const request = parseCli({ ...cli, config: allFields }, argv);
  if (request.kind === 'help' || request.kind === 'version') {
    process.stdout.write(`${request.text}\n`);
    process.exit(0);
  }
  if (request.kind === 'usage-error') {
    process.stderr.write(`${request.text}\n`);
    process.exit(EXIT_USAGE);
  }
  try {
    const config = loadConfig(allFields) as BaseConfig & ConfigOf<F>;
    return { request, config };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${cli.binary}: ${error.message}\n`);
    process.exit(EXIT_CONFIG);
  }
}

/**
 * Runs a long-running daemon: config, logger, MQTT with availability, features; SIGTERM/SIGINT stop the
 * features in reverse order, publish `offline` and exit 0. An uncaught error is logged and exits 1
 * (systemd restarts us; the broker publishes our last will).
 */
export async function runDaemon<F extends ConfigFields>(spec: DaemonSpec<F>, argv = process.argv.slice(2)): Promise<void> {
  const binary = `mapio-${spec.name}`;
  const { config } = prepareCli({ binary, version: spec.version, summary: spec.summary }, spec.config, argv);
  const logger = createLogger({ name: binary, level: config.logLevel, format: config.logFormat });
  exitOnUncaught(logger);

  const bus = new MqttBus({
    url: config.mqttUrl,
    username: config.mqttUsername,
    password: config.mqttPassword,
    clientId: `${binary}-${process.pid}`,
    logger,
    availability: spec.name,
    onlineWhenMarked: true,
    homeAssistantPrefix: spec.homeAssistantPrefix?.(config),
  });
  const features = spec.features({ config, logger, bus });
  const started: Feature[] = [];
  let stopping = false;
  let starting: Promise<unknown> = Promise.resolve();

  const shutdown = async (reason: string, exitCode: number) => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, 'stopping');
    const deadline = setTimeout(() => {
      logger.error({ timeoutMs: spec.shutdownTimeoutMs ?? 2500 }, 'shutdown took too long: exiting anyway');
      process.exit(1);
    }, spec.shutdownTimeoutMs ?? 2500);
    // A signal during start-up: the feature being started finishes (so it can be stopped), no other starts.
    await starting;
    for (const feature of [...started].reverse()) {
      try {
        await feature.stop();
      } catch (error) {
        logger.error({ feature: feature.name, err: errorMessage(error) }, 'feature failed to stop');
      }
    }
    await bus.close(800);
    clearTimeout(deadline);
    logger.info('stopped');
    process.exit(exitCode);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    void shutdown(signal, 0);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);

  const startAll = async (): Promise<unknown> => {
    for (const feature of features) {
      if (stopping) return null;
      try {
        await feature.start();
        started.push(feature);
      } catch (error) {
        logger.fatal({ feature: feature.name, err: errorMessage(error) }, 'feature failed to start');
        return error;
      }
    }
    return null;
  };
  starting = startAll();
  if ((await starting) !== null) {
    await shutdown('start failure', 1);
    return;
  }
  if (stopping) return;
  bus.markOnline();
  logger.info(
    { version: spec.version, hardware: config.hardware, features: started.map((f) => f.name) },
    'started',
  );
}

/** Crash loudly: one fatal line, then exit 1 so systemd restarts the daemon. */
export function exitOnUncaught(logger: Logger): void {
  process.on('uncaughtException', (error) => {
    logger.fatal({ err: errorMessage(error), stack: error.stack }, 'uncaught exception');
    process.exit(1);
  });
  process.on('unhandledRejection', (reason) => {
    logger.fatal({ err: errorMessage(reason) }, 'unhandled promise rejection');
    process.exit(1);
  });
}
