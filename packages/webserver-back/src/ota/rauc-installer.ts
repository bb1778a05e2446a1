import { errorMessage } from '@mapio/runtime';
import dbus, { type ClientInterface, type MessageBus, type Variant } from 'dbus-next';
import { z } from 'zod';
import { DomainError } from '../domain-error';

const RAUC_SERVICE = 'de.pengutronix.rauc';
const INSTALLER = 'de.pengutronix.rauc.Installer';
const PROPERTIES = 'org.freedesktop.DBus.Properties';

/** The `Progress` property: (percent, message, nesting depth). */
const Progress = z.tuple([z.number().int(), z.string(), z.number().int()]);
const LastError = z.string();

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
 * Installs a bundle through RAUC's D-Bus API on the system bus (DBUS_SYSTEM_BUS_ADDRESS):
 * `InstallBundle` returns at once; progress comes as `Progress` property changes; the end is the
 * `Completed(result)` signal (0 = success, else `LastError` says why). `Operation` is not used to
 * detect the end: a refused second call flips it to idle in the middle of an install.
 */
export class RaucInstaller {
  async install(bundle: string, onProgress: (progress: InstallProgress) => void): Promise<void> {
    const bus = dbus.systemBus();
    // A connection failure is emitted as 'error' on the bus: keep it from becoming an uncaught exception.
    const connectionFailed = new Promise<never>((_resolve, reject) => {
      bus.on('error', (error: unknown) => reject(unavailable(error)));
    });
    connectionFailed.catch(() => undefined);
    try {
      await Promise.race([this.run(bus, bundle, onProgress), connectionFailed]);
    } finally {
      bus.disconnect();
    }
  }

  private async run(bus: MessageBus, bundle: string, onProgress: (progress: InstallProgress) => void): Promise<void> {
    let installer: InstallerInterface;
    let properties: PropertiesInterface;
    try {
      const object = await bus.getProxyObject(RAUC_SERVICE, '/');
      installer = object.getInterface<InstallerInterface>(INSTALLER);
      properties = object.getInterface<PropertiesInterface>(PROPERTIES);
    } catch (error) {
      throw unavailable(error);
    }
    const completed = new Promise<number>((resolve) => {
      installer.on('Completed', (result: number) => resolve(result));
    });
    properties.on('PropertiesChanged', (iface: string, changed: Record<string, Variant>) => {
      if (iface !== INSTALLER || !changed.Progress) return;
      const progress = Progress.safeParse(changed.Progress.value);
      if (progress.success) onProgress({ percent: progress.data[0], message: progress.data[1] });
    });
    try {
      await installer.InstallBundle(bundle, {});
    } catch (error) {
      throw new DomainError('conflict', `RAUC refused to start the install: ${errorMessage(error)}`, { dependency: 'rauc', cause: error });
    }
    const result = await completed;
    if (result === 0) return;
    const lastError = LastError.safeParse((await properties.Get(INSTALLER, 'LastError')).value);
    throw new DomainError('invalid', `RAUC could not install the bundle: ${lastError.success ? lastError.data : `result ${result}`}`, {
      dependency: 'rauc',
    });
  }
}

function unavailable(error: unknown): DomainError {
  return new DomainError('unavailable', `RAUC's D-Bus service does not answer: ${errorMessage(error)}`, { dependency: 'rauc', cause: error });
}
