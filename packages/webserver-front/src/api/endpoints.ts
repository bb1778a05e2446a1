import {
  CreateServiceRequest,
  Health,
  JobAccepted,
  JobSnapshot,
  PortMap,
  ServiceList,
  ServiceView,
  UpdateList,
  HttpSwitchedOff,
  NetworkStatus,
  OtaStatus,
  SshKeyAdded,
  SshKeyList,
  SystemInfo,
  WifiAccessPoint,
  WifiJoined,
  WifiNetworkList,
  type CreateServiceInput,
  type ServiceAction,
} from '@mapio/webserver-api';
import { z } from 'zod';
import { request } from './http';

const base = '/api/v1';
const service = (name: string) => `${base}/services/${encodeURIComponent(name)}`;

export const api = {
  health: () => request(`${base}/health`, Health),
  services: () => request(`${base}/services`, ServiceList).then((list) => list.services),
  service: (name: string) => request(service(name), ServiceView),
  /** start / stop / restart answer the service as it is afterwards; pull / update answer a job (202). */
  act: (name: string, action: Exclude<ServiceAction, 'pull' | 'update'>) => request(`${service(name)}/${action}`, z.unknown(), { method: 'POST' }),
  startJob: (name: string, action: 'pull' | 'update') =>
    request(`${service(name)}/${action}`, JobAccepted, { method: 'POST' }).then((accepted) => accepted.job),
  create: (input: CreateServiceInput) =>
    request(`${base}/services`, JobAccepted, { method: 'POST', json: CreateServiceRequest.parse(input) }).then((accepted) => accepted.job),
  remove: (name: string) => request(service(name), z.undefined(), { method: 'DELETE' }),
  job: (id: string) => request(`${base}/jobs/${encodeURIComponent(id)}`, JobSnapshot),
  updates: () => request(`${base}/updates`, UpdateList).then((list) => list.updates),
  checkUpdates: () => request(`${base}/updates/check`, UpdateList, { method: 'POST' }).then((list) => list.updates),
  ports: () => request(`${base}/ports`, PortMap),
  logsUrl: (name: string, tail: number | 'all') => `${service(name)}/logs?follow=true&tail=${tail}`,
  jobEventsUrl: (id: string) => `${base}/jobs/${encodeURIComponent(id)}/events`,

  system: () => request(`${base}/system`, SystemInfo),
  reboot: () => request(`${base}/system/reboot`, z.unknown(), { method: 'POST' }),
  network: () => request(`${base}/network`, NetworkStatus),
  otaStatus: () => request(`${base}/ota`, OtaStatus),
  sshKeys: () => request(`${base}/ssh/keys`, SshKeyList),
  addSshKey: (key: string) => request(`${base}/ssh/keys`, SshKeyAdded, { method: 'POST', json: { key } }),
  removeSshKey: (fingerprint: string) => request(`${base}/ssh/keys/${encodeURIComponent(fingerprint)}`, z.undefined(), { method: 'DELETE' }),
  wifiNetworks: () => request(`${base}/wifi/networks`, WifiNetworkList),
  joinWifi: (ssid: string, passphrase: string | null) =>
    request(`${base}/wifi`, WifiJoined, { method: 'PUT', json: passphrase === null ? { ssid } : { ssid, passphrase } }),
  accessPoint: () => request(`${base}/wifi/access-point`, WifiAccessPoint),
  switchOff: () => request(`${base}/http/disable`, HttpSwitchedOff, { method: 'POST' }),
};
