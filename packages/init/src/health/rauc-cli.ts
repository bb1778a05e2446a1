import { z } from 'zod';
import { runCommand } from '../system-command';

const RaucSlot = z.object({
  class: z.string(),
  bootname: z.string().nullish(),
  state: z.string(),
  boot_status: z.string().nullish(),
  slot_status: z
    .object({ bundle: z.object({ version: z.string().nullish() }).partial().nullish() })
    .partial()
    .nullish(),
});

/** `rauc status --detailed --output-format=json` (rauc 1.8), the part we rely on. */
const RaucStatusJson = z.object({
  compatible: z.string(),
  booted: z.string(),
  boot_primary: z.string().nullish(),
  slots: z.array(z.record(z.string(), RaucSlot)),
});

export interface RaucSystem {
  /** Bootname of the running slot (`A`). */
  booted: string;
  /** Slot name (`rootfs.1`) the bootloader starts next, if it says. */
  primary: string | null;
  /** Bundle version installed in the booted slot; absent for a factory-flashed slot. */
  bootedVersion: string | undefined;
  bootedStatus: string | undefined;
}

export function parseRaucStatus(stdout: string): RaucSystem {
  const status = RaucStatusJson.parse(JSON.parse(stdout));
  const slots = status.slots.flatMap((entry) => Object.entries(entry));
  const booted = slots.find(([, slot]) => slot.state === 'booted')?.[1];
  return {
    booted: status.booted,
    primary: status.boot_primary ?? null,
    bootedVersion: booted?.slot_status?.bundle?.version ?? undefined,
    bootedStatus: booted?.boot_status ?? undefined,
  };
}

/** RAUC through its command line (which talks to the rauc service over D-Bus). */
export class RaucCli {
  constructor(private readonly binary = 'rauc') {}

  async status(): Promise<RaucSystem> {
    return parseRaucStatus(await runCommand(this.binary, ['status', '--detailed', '--output-format=json'], { timeoutMs: 30_000 }));
  }

  /**
   * Only ever the booted slot, only ever "good": marking a slot *active* here would cancel an
   * update installed but not yet booted (the pending-update pitfall).
   */
  async markBootedGood(): Promise<void> {
    await runCommand(this.binary, ['status', 'mark-good', 'booted'], { timeoutMs: 30_000 });
  }
}
