import {
  createLogger,
  errorMessage,
  exitOnUncaught,
  EXIT_USAGE,
  packageVersion,
  prepareCli,
  type Logger,
} from '@mapio/runtime';
import { initConfigFields, type InitConfig } from './config';
import { describeOutcome, growDataPartition, type GrowOutcome } from './grow/grow-data-partition';
import { checkAfterUpdate, type HealthOutcome } from './health/check-after-update';
import { InitReporter } from './init-reporter';

export { initLastWill } from './init-reporter';

/** 0 = changed, nothing to do or healthy; 1 = refused (layout we do not touch); 2 = failed. */
export const EXIT_REFUSED = 1;
export const EXIT_FAILED = 2;

const COMMANDS: Array<[string, string]> = [
  ['grow [--device <partition>] [--dry-run]', 'grow the data partition and its ext4 filesystem to the end of the disk, online'],
  ['health [--timeout <seconds>]', 'after an OTA update: wait for the daemons and Docker, then mark the RAUC slot good'],
  ['boot [--dry-run]', 'grow, then health (for manual use; systemd runs them as two units)'],
];

const DEFAULT_HEALTH_TIMEOUT_S = 300;

interface Run {
  config: InitConfig;
  logger: Logger;
  reporter: InitReporter;
}

async function grow(run: Run, device: string | undefined, dryRun: boolean): Promise<number> {
  // growDataPartition handles failures after the table changed itself; what it throws (lookups, the
  // lock) happened before, with the table untouched.
  const outcome: GrowOutcome = await growDataPartition({
    ...(device !== undefined ? { device } : {}),
    dataDir: run.config.dataDir,
    dryRun,
    logger: run.logger,
    onGrowing: (target) => run.reporter.report({ phase: 'growing', message: `Growing ${target}`, device: target }),
  }).catch((error: unknown): GrowOutcome => ({ kind: 'failed', reason: errorMessage(error), device: device ?? run.config.dataDir, table: 'untouched' }));
  const line = describeOutcome(outcome);
  process.stdout.write(`${line}\n`);
  const sizes = 'before' in outcome ? { sizes: { before: outcome.before, after: outcome.after } } : {};
  const target = outcome.device !== undefined ? { device: outcome.device } : {};
  switch (outcome.kind) {
    case 'changed':
    case 'nochange':
    case 'would-change':
      run.logger.info({ outcome }, line);
      await run.reporter.report({ phase: 'done', message: line, ...target, ...sizes });
      return 0;
    case 'refused':
      run.logger.error({ outcome }, line);
      await run.reporter.report({ phase: 'failed', message: line, error: outcome.reason, ...target });
      return EXIT_REFUSED;
    case 'failed':
      run.logger.error({ outcome }, line);
      await run.reporter.report({ phase: 'failed', message: line, error: outcome.reason, ...target });
      return EXIT_FAILED;
  }
}

async function health(run: Run, timeoutSeconds: number): Promise<number> {
  const outcome: HealthOutcome = await checkAfterUpdate({
    dataDir: run.config.dataDir,
    raucSystemConf: run.config.raucSystemConf,
    dockerHost: run.config.dockerHost,
    timeoutMs: timeoutSeconds * 1000,
    bus: run.reporter.bus,
    logger: run.logger,
    onChecking: (slot, version) =>
      run.reporter.report({ phase: 'checking', message: `Checking the system after the update to ${version}`, slot, version }),
  }).catch((error: unknown): HealthOutcome => ({ kind: 'failed', reason: errorMessage(error) }));
  const facts = { ...('slot' in outcome && outcome.slot ? { slot: outcome.slot } : {}), ...('version' in outcome && outcome.version ? { version: outcome.version } : {}) };
  switch (outcome.kind) {
    case 'skipped':
    case 'nochange': {
      const line = `NOCHANGE: ${outcome.reason}`;
      run.logger.info({ outcome }, line);
      await run.reporter.report({ phase: 'done', message: line, ...facts });
      return 0;
    }
    case 'marked': {
      const line = `MARKED GOOD: slot ${outcome.slot}, version ${outcome.version}`;
      run.logger.info({ outcome }, line);
      await run.reporter.report({ phase: 'done', message: line, ...facts });
      return 0;
    }
    case 'failed': {
      const line = `FAILED: ${outcome.reason}`;
      run.logger.error({ outcome }, line);
      await run.reporter.report({ phase: 'failed', message: line, error: outcome.reason, ...facts });
      return EXIT_FAILED;
    }
  }
}

function usageError(text: string): never {
  process.stderr.write(`mapio-init: ${text} (see --help)\n`);
  process.exit(EXIT_USAGE);
}

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
      options: [
        ['--dry-run', 'grow: say what would change; never touch a disk'],
        ['--device <partition>', 'grow: this partition instead of the one mounted on MAPIO_DATA_DIR'],
        ['--timeout <seconds>', `health: how long to wait for a healthy system (default ${DEFAULT_HEALTH_TIMEOUT_S})`],
      ],
    },
    initConfigFields,
    argv,
  );
  const [command, ...rest] = request.args;
  if ((command !== 'grow' && command !== 'health' && command !== 'boot') || rest.length > 0) {
    usageError(`expected a command: ${COMMANDS.map(([usage]) => usage).join(' | ')}`);
  }
  const device = request.values.get('--device');
  const dryRun = request.flags.has('--dry-run');
  const timeoutText = request.values.get('--timeout');
  const timeoutSeconds = timeoutText === undefined ? DEFAULT_HEALTH_TIMEOUT_S : Number(timeoutText);
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1) usageError(`--timeout expects whole seconds, got ${timeoutText}`);
  if (command !== 'grow' && device !== undefined) usageError('--device is an option of grow');
  if (command === 'health' && dryRun) usageError('--dry-run is an option of grow and boot');
  if (command === 'grow' && timeoutText !== undefined) usageError('--timeout is an option of health and boot');

  const logger = createLogger({ name: 'mapio-init', level: config.logLevel, format: config.logFormat });
  exitOnUncaught(logger);
  const reporter = new InitReporter(config, logger);
  const run: Run = { config, logger, reporter };
  logger.info({ command, dryRun, device }, 'starting');
  let code = 0;
  if (command === 'grow' || command === 'boot') code = await grow(run, device, dryRun);
  // A dry run only looks: health would mark a slot, so boot --dry-run stops after grow.
  if (command === 'health' || (command === 'boot' && !dryRun)) code = Math.max(code, await health(run, timeoutSeconds));
  await reporter.close();
  logger.info({ command, code }, 'done');
  process.exit(code);
}
