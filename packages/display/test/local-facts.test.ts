import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LocalFacts } from '../src/host/local-facts';
import {
  cpuPercentBetween,
  diskUsedPercent,
  parseDefaultRouteInterface,
  parseMeminfoPercent,
  parseProcStat,
  parseThermalZone,
  parseUptime,
} from '../src/host/local-facts-parsers';

const PROC_STAT = `cpu  4705 356 584 3699176 23060 0 277 0 0 0
cpu0 1393280 32966 572056 13343292 6130 0 17875 0 0 0
intr 1462898
`;

const MEMINFO = `MemTotal:        3884096 kB
MemFree:          265420 kB
MemAvailable:    2913072 kB
Buffers:          100000 kB
`;

const ROUTE = `Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
wlan0\t00000000\t0101A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0
eth0\t00000000\t0101A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0
eth0\t0001A8C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0
`;

describe('kernel files the display reads', () => {
  it('CPU use between two /proc/stat samples', () => {
    const before = parseProcStat(PROC_STAT)!;
    expect(before).toEqual({ idle: 3699176 + 23060, total: 4705 + 356 + 584 + 3699176 + 23060 + 277 });
    const after = { idle: before.idle + 750, total: before.total + 1000 };
    expect(cpuPercentBetween(before, after)).toBe(25);
    expect(cpuPercentBetween(before, before)).toBeNull();
    expect(parseProcStat('garbage')).toBeNull();
  });

  it('RAM use as free counts it (available memory is not used)', () => {
    expect(parseMeminfoPercent(MEMINFO)).toBeCloseTo(25.0, 1);
    expect(parseMeminfoPercent('MemTotal: 10 kB\n')).toBeNull();
  });

  it('the default route with the lowest metric', () => {
    expect(parseDefaultRouteInterface(ROUTE)).toBe('eth0');
    expect(parseDefaultRouteInterface(ROUTE.split('\n').filter((l) => !l.includes('00000000\t0101A8C0')).join('\n'))).toBeNull();
  });

  it('uptime, temperature, disk use', () => {
    expect(parseUptime('350735.47 234388.90\n')).toBe(350735.47);
    expect(parseThermalZone('48312\n')).toBe(48.312);
    expect(parseThermalZone('')).toBeNull();
    expect(diskUsedPercent({ blocks: 1000, bfree: 600, bavail: 550 })).toBeCloseTo((100 * 400) / 950, 6);
  });
});

describe('local facts read on this machine', () => {
  it('reads what exists and gives null for what does not (no thermal zone here: "--")', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mapio-facts-'));
    const osRelease = path.join(dir, 'os-release');
    writeFileSync(osRelease, 'NAME="MAPIO OS"\nVERSION_ID=1.4.0\nPRETTY_NAME="MAPIO OS 1.4.0"\n');
    const facts = new LocalFacts({ dataDir: dir, osReleaseFiles: [osRelease], thermalZone: path.join(dir, 'no-such-zone') });
    const snapshot = await facts.read();
    expect(snapshot.osVersion).toBe('1.4.0');
    expect(snapshot.temperatureC).toBeNull();
    expect(snapshot.ramPercent).toBeGreaterThan(0);
    expect(snapshot.diskPercent).toBeGreaterThanOrEqual(0);
    expect(snapshot.uptimeSeconds).toBeGreaterThan(0);
    expect(snapshot.cpuPercent).toBeGreaterThanOrEqual(0);
  });

  it('finds the address of the default interface', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mapio-facts-'));
    const proc = path.join(dir, 'proc');
    mkdirSync(path.join(proc, 'net'), { recursive: true });
    writeFileSync(path.join(proc, 'net', 'route'), ROUTE);
    const facts = new LocalFacts({
      dataDir: dir,
      procDir: proc,
      networkInterfaces: () => ({
        lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true, netmask: '255.0.0.0', mac: '00:00:00:00:00:00', cidr: null }],
        eth0: [
          { address: 'fe80::1', family: 'IPv6', internal: false, netmask: 'ffff::', mac: '02:00:00:00:00:01', cidr: null, scopeid: 2 },
          { address: '192.168.1.20', family: 'IPv4', internal: false, netmask: '255.255.255.0', mac: '02:00:00:00:00:01', cidr: null },
        ],
      }),
    });
    const snapshot = await facts.read();
    expect(snapshot.ip).toBe('192.168.1.20');
    // That fake /proc has no stat, meminfo or uptime: each is missing on its own.
    expect([snapshot.cpuPercent, snapshot.ramPercent, snapshot.uptimeSeconds]).toEqual([null, null, null]);
  });
});
