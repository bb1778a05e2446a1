import { z } from 'zod';
import { ipv4Address, isoTimestamp } from './common';

/** `mapio/webserver-back/http`: whether the HTTP API (and front end) listens, and where. */
export const HttpState = z.object({
  enabled: z.boolean(),
  port: z.number().int().min(1).max(65535),
  urls: z.array(z.url()),
});
export type HttpState = z.infer<typeof HttpState>;

/** `mapio/webserver-back/http/set`: the display's MID button (or anyone) switching the web server. */
export const HttpCommand = z.object({ action: z.enum(['enable', 'disable', 'toggle']) });
export type HttpCommand = z.infer<typeof HttpCommand>;

/** `mapio/webserver-back/pairing`: the secret the display turns into a QR code. ACL-restricted topic. */
export const Pairing = z.object({
  url: z.url(),
  /** >= 128 bits of randomness, base64url. */
  token: z.string().regex(/^[A-Za-z0-9_-]{22,}$/),
  expiresAt: isoTimestamp,
  /** The short code a person types on the pairing page (`XXXX-XXXX`, no look-alike characters); expires with the token. */
  code: z
    .string()
    .regex(/^[ACDEFGHJKMNPQRTUVWXY34679]{4}-[ACDEFGHJKMNPQRTUVWXY34679]{4}$/)
    .optional(),
});
export type Pairing = z.infer<typeof Pairing>;

export const DockerEngineState = z.enum(['running', 'unreachable']);
export type DockerEngineState = z.infer<typeof DockerEngineState>;

/** `mapio/webserver-back/docker`: engine reachability and each compose service's container state. */
export const DockerState = z.object({
  engine: DockerEngineState,
  services: z.array(
    z.object({
      name: z.string().min(1),
      /** Docker's container state (`running`, `exited`, ...) or `missing` when it has no container. */
      state: z.string().min(1),
      source: z.enum(['base', 'custom', 'unmanaged']).optional(),
    }),
  ),
  at: isoTimestamp.optional(),
});
export type DockerState = z.infer<typeof DockerState>;

/** `mapio/webserver-back/network`: addresses and whether the Internet is reachable. */
export const NetworkState = z.object({
  interfaces: z.array(z.object({ name: z.string().min(1), ipv4: z.array(ipv4Address) })),
  defaultInterface: z.string().nullable(),
  internet: z.boolean(),
  at: isoTimestamp.optional(),
});
export type NetworkState = z.infer<typeof NetworkState>;

/** `mapio/webserver-back/wifi-ap`: the setup access point. ACL-restricted (holds the password). */
export const WifiApState = z.object({
  active: z.boolean(),
  ssid: z.string().max(32),
  password: z.string().max(63),
  address: z.union([ipv4Address, z.literal('')]),
});
export type WifiApState = z.infer<typeof WifiApState>;

export const OtaPhase = z.enum(['idle', 'uploading', 'verifying', 'installing', 'rebooting', 'failed']);
export type OtaPhase = z.infer<typeof OtaPhase>;

/** `mapio/webserver-back/ota`: RAUC update progress, shown by the display while it lasts. */
export const OtaState = z.object({
  phase: OtaPhase,
  progress: z.number().min(0).max(100),
  message: z.string(),
  version: z.string().optional(),
});
export type OtaState = z.infer<typeof OtaState>;
