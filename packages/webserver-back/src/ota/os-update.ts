import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rm, statfs } from 'node:fs/promises';
import path from 'node:path';
import type { OtaState } from '@mapio/contracts';
import { errorMessage, type Feature, type Logger, type MqttBus } from '@mapio/runtime';
import { DomainError } from '../domain-error';
import type { JobRegistry, JobReporter, JobSnapshot } from '../jobs/job-registry';
import type { RebootCommand } from '../system/reboot-command';
import { receiveBundle, type BundleBody } from './bundle-upload';
import type { BundleVerifier, VerifiedBundle } from './bundle-verifier';
import type { InstallProgress, RaucInstaller } from './rauc-installer';

/** What `GET /api/v1/ota` shows: the MQTT state plus what a page needs to follow it. */
export interface OsUpdateStatus extends OtaState {
  jobId: string | null;
  bytesReceived: number;
  bytesTotal: number | null;
  /** Why the last update failed (`wrong_signer`, `incompatible`, ...), while phase is `failed`. */
  reason: string | null;
}

export interface OsUpdateDeps {
  /** MAPIO_DATA_DIR/ota: on the data partition, never tmpfs (a bundle can be 2 GiB). */
  dir: string;
  maxBytes: number;
  reserveBytes: number;
  verifier: BundleVerifier;
  installer: RaucInstaller;
  reboot: RebootCommand;
  jobs: JobRegistry;
  bus: MqttBus;
  logger: Logger;
}

const JOB_TARGET = 'os';
const MIB = 1024 * 1024;
const BUSY_PHASES = new Set<OtaState['phase']>(['uploading', 'verifying', 'installing', 'rebooting']);
/** Share of the job's overall progress each phase ends at. */
const UPLOAD_SHARE = 30;
const VERIFY_SHARE = 35;

/**
 * The OS update, one at a time: upload into MAPIO_DATA_DIR/ota, verify (rauc info), install (RAUC
 * over D-Bus), reboot. Its state goes to `mapio/webserver-back/ota` (the display takes over while it
 * is not idle) and to one job (poll, SSE). A refused or aborted upload leaves no file behind.
 */
export class OsUpdate implements Feature {
  readonly name = 'os-update';
  private status: OsUpdateStatus = { phase: 'idle', progress: 0, message: '', jobId: null, bytesReceived: 0, bytesTotal: null, reason: null };
  private published = '';

  constructor(private readonly deps: OsUpdateDeps) {}

  async start(): Promise<void> {
    await mkdir(this.deps.dir, { recursive: true, mode: 0o700 });
    // Bundles left by a crash or a power cut mid-upload: nothing can resume them.
    for (const entry of await readdir(this.deps.dir)) await rm(path.join(this.deps.dir, entry), { recursive: true, force: true });
    this.publish(true);
  }

  stop(): void {}

  get state(): OsUpdateStatus {
    return this.status;
  }

  get busy(): boolean {
    return BUSY_PHASES.has(this.status.phase);
  }

  /**
   * Receives and verifies a bundle; resolves once it is accepted (the install then goes on as the
   * returned job), rejects with why it was refused. 409 while another update runs.
   */
  async upload(body: BundleBody): Promise<{ job: JobSnapshot; bundle: VerifiedBundle }> {
    if (this.busy) {
      throw new DomainError('conflict', `an OS update is already ${this.status.phase}: wait for it to finish`, { details: { jobId: this.status.jobId } });
    }
    this.set({ phase: 'uploading', progress: 0, message: 'Receiving the bundle', version: undefined, bytesReceived: 0, bytesTotal: body.length, reason: null });
    let accept!: (bundle: VerifiedBundle) => void;
    let refuse!: (error: unknown) => void;
    const accepted = new Promise<VerifiedBundle>((resolve, reject) => {
      accept = resolve;
      refuse = reject;
    });
    let job: JobSnapshot;
    try {
      job = await this.deps.jobs.run('os-update', JOB_TARGET, (report) => this.run(body, report, accept, refuse));
    } catch (error) {
      this.set({ phase: 'idle', progress: 0, message: '' });
      throw error;
    }
    this.set({ jobId: job.id });
    return { job, bundle: await accepted };
  }

  private async run(
    body: BundleBody,
    report: JobReporter,
    accept: (bundle: VerifiedBundle) => void,
    refuse: (error: unknown) => void,
  ): Promise<unknown> {
    const file = path.join(this.deps.dir, `bundle-${randomUUID()}.raucb`);
    let bundle: VerifiedBundle;
    try {
      await this.checkFreeSpace(body.length);
      report.message('uploading');
      const bytes = await receiveBundle(body, file, {
        maxBytes: this.deps.maxBytes,
        onBytes: (received) => this.uploadProgress(received, body.length, report),
      });
      this.deps.logger.info({ bytes }, 'OS update bundle received');
      this.set({ phase: 'verifying', progress: 0, message: 'Checking the bundle signature' });
      report.progress(UPLOAD_SHARE, 'verifying');
      bundle = await this.deps.verifier.verify(file);
    } catch (error) {
      await rm(file, { force: true });
      if (isAbort(error)) {
        this.deps.logger.warn({ err: errorMessage(error) }, 'OS update upload aborted by the client');
        this.set({ phase: 'idle', progress: 0, message: '', bytesReceived: 0, bytesTotal: null });
        refuse(new DomainError('invalid', 'the upload was aborted before the whole bundle arrived'));
        throw new Error('upload aborted', { cause: error });
      }
      this.fail(error);
      refuse(error);
      throw error;
    }
    const verityNote = bundle.payloadCheckedAtInstall ? ' (verity bundle: the payload is checked while it installs)' : '';
    this.deps.logger.info({ version: bundle.version, format: bundle.format, signer: bundle.signer }, 'OS update bundle verified');
    report.progress(VERIFY_SHARE, `verified ${bundle.version}${verityNote}`);
    accept(bundle);
    try {
      this.set({ phase: 'installing', progress: 0, message: 'Installing', version: bundle.version });
      await this.deps.installer.install(path.resolve(file), (progress) => this.installProgress(progress, report));
      this.deps.logger.info({ version: bundle.version }, 'OS update installed');
    } catch (error) {
      // The file goes first: once `failed` is published a new upload may come, and this job must
      // end with nothing left to await, or that upload meets it still running (409).
      await rm(file, { force: true });
      this.fail(error);
      throw error;
    }
    await rm(file, { force: true });
    this.set({ phase: 'rebooting', progress: 100, message: 'Restarting into the new system' });
    report.message('rebooting');
    try {
      await this.deps.reboot.schedule(`OS update ${bundle.version}`);
    } catch (error) {
      this.fail(error);
      throw error;
    }
    return { version: bundle.version, format: bundle.format };
  }

  private async checkFreeSpace(length: number | null): Promise<void> {
    const stats = await statfs(this.deps.dir);
    const free = Number(stats.bavail) * Number(stats.bsize);
    const needed = (length ?? 0) + this.deps.reserveBytes;
    if (free < needed) {
      throw new DomainError('insufficient_storage', `the data partition has ${free} bytes free, the bundle needs ${needed}: free some space first`, {
        details: { freeBytes: free, neededBytes: needed },
      });
    }
  }

  private uploadProgress(received: number, total: number | null, report: JobReporter): void {
    const progress = total ? Math.min(100, Math.floor((received / total) * 100)) : 0;
    this.set({ bytesReceived: received, progress, message: total ? `Received ${progress}%` : `Received ${Math.floor(received / MIB)} MiB` });
    if (total) report.progress((progress * UPLOAD_SHARE) / 100);
  }

  private installProgress({ percent, message }: InstallProgress, report: JobReporter): void {
    const progress = Math.max(0, Math.min(100, percent));
    this.set({ progress, message });
    report.progress(VERIFY_SHARE + ((100 - VERIFY_SHARE) * progress) / 100, message);
  }

  private fail(error: unknown): void {
    const reason = error instanceof DomainError ? ((error.details as { reason?: string } | undefined)?.reason ?? error.kind) : 'internal';
    this.deps.logger.warn({ reason, err: errorMessage(error) }, 'OS update failed');
    this.set({ phase: 'failed', progress: 0, message: errorMessage(error), reason });
  }

  private set(update: Partial<OsUpdateStatus>): void {
    this.status = { ...this.status, ...update };
    this.publish(false);
  }

  /** Publishes when what the display shows changed (not on every chunk of an upload). */
  private publish(force: boolean): void {
    const { phase, progress, message, version } = this.status;
    const state: OtaState = { phase, progress, message, ...(version === undefined ? {} : { version }) };
    const key = JSON.stringify(state);
    if (!force && key === this.published) return;
    this.published = key;
    this.deps.bus.publish('mapio/webserver-back/ota', state);
  }
}

/** The client went away mid-upload (closed connection, reset). */
function isAbort(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNRESET' || code === 'ECONNABORTED' || /aborted|Unexpected end of form/i.test(errorMessage(error));
}
