import type { EventEmitter } from 'node:events';
import { errorMessage } from '@mapio/runtime';
import type * as DbusNext from 'dbus-next';
import type { ClientInterface, MessageBus, Variant } from 'dbus-next';
import { z } from 'zod';
import { DomainError } from '../domain-error';

const RAUC_SERVICE = 'de.pengutronix.rauc';
const INSTALLER = 'de.pengutronix.rauc.Installer';
const PROPERTIES = 'org.freedesktop.DBus.Properties';
const DBUS_SERVICE = 'org.freedesktop.DBus';

/** The `Progress` property: (percent, message, nesting depth). */
const Progress = z.tuple([z.number().int(), z.string(), z.number().int()]);
const LastError = z.string();
/** `NameOwnerChanged(name, old owner, new owner)`: an empty new owner means the name left the bus. */
const NameOwnerChanged = z.tuple([z.string(), z.string(), z.string()]);

interface InstallerInterface extends ClientInterface {
  InstallBundle(source: string, args: Record<string, Variant>): Promise<void>;
}

interface PropertiesInterface extends ClientInterface {
  Get(iface: string, name: string): Promise<Variant>;
}

export interface InstallProgress {
  percent: number;
  message: string;
}

/**
 * dbus-next and its XML parsers load at the first install, not at start: the web server idles far
 * more than it installs (idle RSS -1.4 MB, measured with the release bundle).
 */
function loadDbusNext(): typeof DbusNext {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy load; import() would be a native ES import here
  return require('dbus-next') as typeof DbusNext;
}

/**
 * Installs a bundle through RAUC's D-Bus API on the system bus (DBUS_SYSTEM_BUS_ADDRESS):
 * `InstallBundle` returns at once; progress comes as `Progress` property changes; the end is the
 * `Completed(result)` signal (0 = success, else `LastError` says why). `Operation` is not used to
 * detect the end: a refused second call flips it to idle in the middle of an install.
 *
 * `Completed` may never come (the service crashed, hangs, or the bus went away): the install then
 * fails with DomainError `unavailable` when RAUC's name leaves the bus, when the connection closes,
 * or when nothing was heard from RAUC for `stallTimeoutMs`, so the next install is not blocked forever.
 */
export class RaucInstaller {
  constructor(private readonly stallTimeoutMs: number) {}

  async install(bundle: string, onProgress: (progress: InstallProgress) => void): Promise<void> {
    const bus = loadDbusNext().systemBus();
    let stallTimer: NodeJS.Timeout | undefined;
    const aborted = new Promise<never>((_resolve, reject) => {
      // A connection failure is emitted as 'error' on the bus: keep it from becoming an uncaught exception.
      bus.on('error', (error: unknown) => reject(unavailable(`RAUC's D-Bus service does not answer: ${errorMessage(error)}`, error)));
      // dbus-next does not forward the end of its socket to the bus object: listen on the connection.
      connectionOf(bus)?.once('end', () => reject(unavailable('the D-Bus connection closed during the OS update install', undefined, 'rauc_gone')));
      stallTimer = setTimeout(
        () => reject(unavailable(`RAUC reported no progress for ${Math.round(this.stallTimeoutMs / 1000)} s (MAPIO_RAUC_STALL_TIMEOUT_MS): the install is given up`, undefined, 'rauc_stalled')),
        this.stallTimeoutMs,
      );
    });
    aborted.catch(() => undefined);
    try {
      await Promise.race([this.run(bus, bundle, onProgress, () => stallTimer?.refresh()), aborted]);
    } finally {
      clearTimeout(stallTimer);
      bus.disconnect();
    }
  }

  /** `heard` restarts the stall timer: RAUC said something. */
  private async run(bus: MessageBus, bundle: string, onProgress: (progress: InstallProgress) => void, heard: () => void): Promise<void> {
    let installer: InstallerInterface;
    let properties: PropertiesInterface;
    let left: Promise<never>;
    try {
      ({ left } = await watchServiceLeaving(bus));
      const object = await bus.getProxyObject(RAUC_SERVICE, '/');
      installer = object.getInterface<InstallerInterface>(INSTALLER);
      properties = object.getInterface<PropertiesInterface>(PROPERTIES);
    } catch (error) {
      throw unavailable(`RAUC's D-Bus service does not answer: ${errorMessage(error)}`, error);
    }
    const completed = new Promise<number>((resolve) => {
      installer.on('Completed', (result: number) => resolve(result));
    });
    properties.on('PropertiesChanged', (iface: string, changed: Record<string, Variant>) => {
      if (iface !== INSTALLER) return;
      heard();
      if (!changed.Progress) return;
      const progress = Progress.safeParse(changed.Progress.value);
      if (progress.success) onProgress({ percent: progress.data[0], message: progress.data[1] });
    });
    try {
      await Promise.race([installer.InstallBundle(bundle, {}), left]);
    } catch (error) {
      if (error instanceof DomainError) throw error;
      throw new DomainError('conflict', `RAUC refused to start the install: ${errorMessage(error)}`, { dependency: 'rauc', cause: error });
    }
    heard();
    const result = await Promise.race([completed, left]);
    if (result === 0) return;
    const lastError = LastError.safeParse((await properties.Get(INSTALLER, 'LastError')).value);
    throw new DomainError('invalid', `RAUC could not install the bundle: ${lastError.success ? lastError.data : `result ${result}`}`, {
      dependency: 'rauc',
    });
  }
}

/**
 * `left` rejects once RAUC's name loses its owner (the service exited or crashed); subscribed when
 * this resolves. Wrapped in an object: an awaited promise of a promise would wait for the inner one.
 */
async function watchServiceLeaving(bus: MessageBus): Promise<{ left: Promise<never> }> {
  const daemon = (await bus.getProxyObject(DBUS_SERVICE, '/org/freedesktop/DBus')).getInterface(DBUS_SERVICE);
  const left = new Promise<never>((_resolve, reject) => {
    daemon.on('NameOwnerChanged', (...args: unknown[]) => {
      const change = NameOwnerChanged.safeParse(args);
      if (change.success && change.data[0] === RAUC_SERVICE && change.data[2] === '') {
        reject(unavailable("RAUC's service left the D-Bus bus during the install (it crashed or was stopped)", undefined, 'rauc_gone'));
      }
    });
  });
  left.catch(() => undefined);
  return { left };
}

/** The socket connection under a dbus-next bus (not in its typings). */
function connectionOf(bus: MessageBus): EventEmitter | undefined {
  return (bus as unknown as { _connection?: EventEmitter })._connection;
}

/** `reason` (details.reason, the OTA state's `reason`) tells a service that went away from one that hangs. */
function unavailable(message: string, cause?: unknown, reason?: 'rauc_gone' | 'rauc_stalled'): DomainError {
  return new DomainError('unavailable', message, {
    dependency: 'rauc',
    ...(cause === undefined ? {} : { cause }),
    ...(reason === undefined ? {} : { details: { reason } }),
  });
}
