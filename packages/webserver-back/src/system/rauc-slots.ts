import { errorMessage } from '@mapio/runtime';
import { z } from 'zod';
import { runCommand } from '../run-command';

/** `rauc status --output-format=json`: the booted and primary slot, each slot with its state. */
const RaucStatus = z.object({
  compatible: z.string(),
  booted: z.string().nullable(),
  boot_primary: z.string().nullable(),
  slots: z.array(
    z.record(
      z.string(),
      z.object({
        class: z.string(),
        device: z.string(),
        bootname: z.string().nullable().optional(),
        state: z.string(),
        boot_status: z.string().nullable().optional(),
        slot_status: z.object({ bundle: z.object({ version: z.string().nullable().optional() }).partial().optional() }).partial().optional(),
      }),
    ),
  ),
});

export interface RaucSlot {
  name: string;
  bootname: string | null;
  state: string;
  bootStatus: string | null;
  /** Version of the bundle last installed into it, when RAUC recorded one. */
  version: string | null;
}

export type RaucSlots =
  | { available: true; compatible: string; booted: string | null; primary: string | null; slots: RaucSlot[] }
  | { available: false; reason: string };

/** Asks RAUC's service (over the system bus) for the slots; unavailable with a reason, never a throw. */
export async function raucSlots(raucConf: string, raucBinary = 'rauc'): Promise<RaucSlots> {
  try {
    const stdout = await runCommand([raucBinary], [`--conf=${raucConf}`, 'status', '--detailed', '--output-format=json'], {
      what: 'rauc status',
      timeoutMs: 15_000,
    });
    const status = RaucStatus.parse(JSON.parse(stdout));
    const slots = status.slots.flatMap((entry) =>
      Object.entries(entry).map(([name, slot]) => ({
        name,
        bootname: slot.bootname ?? null,
        state: slot.state,
        bootStatus: slot.boot_status ?? null,
        version: slot.slot_status?.bundle?.version ?? null,
      })),
    );
    slots.sort((a, b) => a.name.localeCompare(b.name));
    return { available: true, compatible: status.compatible, booted: status.booted, primary: status.boot_primary, slots };
  } catch (error) {
    return { available: false, reason: errorMessage(error) };
  }
}
