import { z } from 'zod';

/** A line of a Linux GPIO chip, e.g. `{ chip: 'gpiochip0', line: 25 }` (BCM GPIO25). */
export const GpioLineRef = z.object({
  chip: z.string().regex(/^gpiochip\d+$/, 'expected gpiochip<N>'),
  line: z.number().int().min(0).max(1023),
});
export type GpioLineRef = z.infer<typeof GpioLineRef>;

const line = (chip: string, n: number) => GpioLineRef.default({ chip, line: n });

/**
 * Where things are on the board. Defaults are the MAPIO CM4 carrier (docs/hardware.md); a variant board
 * only needs a JSON file overriding what differs.
 */
export const BoardDescription = z.object({
  relay: line('gpiochip0', 25),
  buttons: z
    .object({ mid: line('gpiochip0', 18), down: line('gpiochip1', 0), up: line('gpiochip1', 1) })
    .prefault({}),
  charger: z
    .object({
      /** 0 = external power present / charging. */
      acokN: line('gpiochip1', 9),
      /** 0 = running on battery. */
      boostN: line('gpiochip1', 10),
    })
    .prefault({}),
  epd: z
    .object({
      busy: line('gpiochip1', 12),
      reset: line('gpiochip1', 13),
      dc: line('gpiochip1', 14),
      spi: z
        .object({
          bus: z.number().int().min(0).default(0),
          chipSelect: z.number().int().min(0).max(1).default(0),
          clockHz: z.number().int().positive().default(4_000_000),
        })
        .prefault({}),
      /** Panel as shown (landscape). */
      width: z.number().int().positive().default(250),
      height: z.number().int().positive().default(122),
    })
    .prefault({}),
  leds: z
    .object({
      /** sysfs LED class directory on the board. */
      root: z.string().default('/sys/class/leds'),
      system: z.string().default('LED1'),
      user: z.string().default('LED2'),
      battery: z.string().default('LED3'),
    })
    .prefault({}),
  tic: z.object({ device: z.string().default('/dev/ttyAMA3') }).prefault({}),
});
export type BoardDescription = z.infer<typeof BoardDescription>;

export const mapioBoard: BoardDescription = BoardDescription.parse({});
