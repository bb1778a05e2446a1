import { z } from 'zod';
import { JobSnapshot } from './jobs';

export const OtaPhase = z.enum(['idle', 'uploading', 'verifying', 'installing', 'rebooting', 'failed']);
export type OtaPhase = z.infer<typeof OtaPhase>;

/** `GET /api/v1/ota`: the OS update's phase and progress, what a page needs to follow it. */
export const OtaStatus = z.object({
  phase: OtaPhase,
  progress: z.number(),
  message: z.string(),
  version: z.string().optional(),
  jobId: z.string().nullable(),
  bytesReceived: z.number(),
  bytesTotal: z.number().nullable(),
  /** Why the last update failed (`wrong_signer`, `incompatible`, ...), while phase is `failed`. */
  reason: z.string().nullable(),
});
export type OtaStatus = z.infer<typeof OtaStatus>;

/** `POST /api/v1/ota`: 202 once the bundle is verified; the install goes on as the job. */
export const OtaAccepted = z.object({ job: JobSnapshot, ota: OtaStatus, bundle: z.unknown() });
export type OtaAccepted = z.infer<typeof OtaAccepted>;

export const RaucSlot = z.object({
  name: z.string(),
  bootname: z.string().nullable(),
  state: z.string(),
  bootStatus: z.string().nullable(),
  /** Version of the bundle last installed into it, when RAUC recorded one. */
  version: z.string().nullable(),
});
export type RaucSlot = z.infer<typeof RaucSlot>;

export const RaucSlots = z.discriminatedUnion('available', [
  z.object({ available: z.literal(true), compatible: z.string(), booted: z.string().nullable(), primary: z.string().nullable(), slots: z.array(RaucSlot) }),
  z.object({ available: z.literal(false), reason: z.string() }),
]);
export type RaucSlots = z.infer<typeof RaucSlots>;

/** `GET /api/v1/system` */
export const SystemInfo = z.object({
  os: z.object({ name: z.string(), prettyName: z.string(), version: z.string().nullable(), id: z.string().nullable() }),
  hostname: z.string(),
  uptimeSeconds: z.number(),
  rauc: RaucSlots,
  dataPartition: z.object({ path: z.string(), totalBytes: z.number(), usedBytes: z.number(), freeBytes: z.number() }),
});
export type SystemInfo = z.infer<typeof SystemInfo>;

/** `GET /api/v1/ssh/keys` (one entry per key of authorized_keys). */
export const SshKey = z.object({ type: z.string(), comment: z.string(), bits: z.number(), fingerprint: z.string() });
export type SshKey = z.infer<typeof SshKey>;
export const SshKeyList = z.array(SshKey);
/** `POST /api/v1/ssh/keys` `{key}`: 201 added, 200 already there. */
export const SshKeyAdded = z.object({ key: SshKey, added: z.boolean() });

export const WifiSecurity = z.enum(['open', 'wep', 'wpa', 'wpa2', 'wpa3']);
export const WifiNetwork = z.object({ ssid: z.string(), signal: z.number(), security: WifiSecurity });
export type WifiNetwork = z.infer<typeof WifiNetwork>;
/** `GET /api/v1/wifi/networks` */
export const WifiNetworkList = z.array(WifiNetwork);
/** `PUT /api/v1/wifi` answers the network it joins. */
export const WifiJoined = z.object({ ssid: z.string(), security: z.string() });

/** `GET /api/v1/wifi/access-point` (what `mapio/webserver-back/wifi-ap` says): the setup access point. */
export const WifiAccessPoint = z.object({
  active: z.boolean(),
  ssid: z.string(),
  /** Empty while the access point is off; a fresh one at each start. */
  password: z.string(),
  /** The box's address on the access point's network, empty while it is off. */
  address: z.string(),
});
export type WifiAccessPoint = z.infer<typeof WifiAccessPoint>;

/** `GET /api/v1/network` (what `mapio/webserver-back/network` says). */
export const NetworkStatus = z.object({
  interfaces: z.array(z.object({ name: z.string(), ipv4: z.array(z.string()) })),
  defaultInterface: z.string().nullable(),
  internet: z.boolean(),
});
export type NetworkStatus = z.infer<typeof NetworkStatus>;

/** `POST /api/v1/http/disable`: the web server closes its port once this answer is out. */
export const HttpSwitchedOff = z.object({ enabled: z.literal(false), message: z.string() });
