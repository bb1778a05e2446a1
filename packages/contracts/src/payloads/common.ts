import { z } from 'zod';

/** An ISO-8601 timestamp with a Z or numeric offset, e.g. `2026-11-26T10:00:00.000Z`. */
export const isoTimestamp = z.iso.datetime({ offset: true });

export const OnOff = z.enum(['ON', 'OFF']);
export type OnOff = z.infer<typeof OnOff>;

export const Availability = z.enum(['online', 'offline']);
export type Availability = z.infer<typeof Availability>;

/** The daemons that run until stopped and announce their availability. */
export const LongRunningDaemon = z.enum(['display', 'gpio-ha', 'webserver-back']);
export type LongRunningDaemon = z.infer<typeof LongRunningDaemon>;

export const ipv4Address = z.ipv4();
