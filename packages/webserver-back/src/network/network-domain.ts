import type { Logger, MqttBus } from '@mapio/runtime';
import type { Router } from 'express';
import type { SystemConfig } from '../config';
import { AccessPoint } from './access-point';
import { legacyNetworkRoutes } from './legacy-routes';
import { NetworkMonitor } from './network-monitor';
import { networkRoutes } from './routes';
import { SystemUnits } from './system-units';
import { WifiJoin } from './wifi-join';
import { WifiScanner } from './wifi-scanner';

export interface NetworkDomain {
  monitor: NetworkMonitor;
  accessPoint: AccessPoint;
  api: Router[];
  legacy: Router[];
}

/** Network state, Wi-Fi scan/join and the setup access point. */
export function createNetworkDomain(config: SystemConfig, deps: { bus: MqttBus; logger: Logger }): NetworkDomain {
  const units = new SystemUnits(config.systemctlCommand);
  const monitor = new NetworkMonitor({
    ip: config.ipCommand,
    targets: config.internetTargets,
    timeoutMs: config.internetTimeoutMs,
    refreshMs: config.networkRefreshMs,
    bus: deps.bus,
    logger: deps.logger.child({ feature: 'network-state' }),
  });
  const accessPoint = new AccessPoint({
    unit: config.apUnit,
    conf: config.apConf,
    ssid: config.apSsid,
    address: config.apAddress,
    wifiInterface: config.wifiInterface,
    graceMs: config.apGraceMs,
    units,
    network: monitor,
    bus: deps.bus,
    logger: deps.logger.child({ feature: 'access-point' }),
  });
  const scanner = new WifiScanner(config.iwCommand, config.wifiInterface);
  const join = new WifiJoin({ conf: config.wpaSupplicantConf, unit: config.wpaSupplicantUnit, units, accessPoint, logger: deps.logger.child({ feature: 'wifi' }) });
  return {
    monitor,
    accessPoint,
    api: [networkRoutes({ scanner, join, monitor, accessPoint })],
    legacy: [legacyNetworkRoutes({ scanner, join })],
  };
}
