// scripts/sim: the whole MAPIO system on simulated hardware, on this machine.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { findExecutable, freePort, MosquittoBroker, portIsFree, prefixLines, spawnDetached, stopProcess } from './processes.mjs';
import { startSimDocker } from './sim-docker.mjs';

const usage = `usage: scripts/sim [--docker private|host|none]
  --docker private  a private Docker Engine under .sim with a small demo compose project (default when root)
  --docker host     this machine's own Docker Engine (DOCKER_HOST or /var/run/docker.sock) and its containers
  --docker none     no Docker Engine: the Docker routes answer 503 docker_unavailable (default when not root)`;
let options;
try {
  options = parseArgs({ options: { docker: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }).values;
} catch (error) {
  process.stderr.write(`${error.message}\n${usage}\n`);
  process.exit(64);
}
if (options.help) {
  process.stdout.write(`${usage}\n`);
  process.exit(0);
}
const dockerChoice = options.docker ?? (process.getuid?.() === 0 && findExecutable('dockerd') ? 'private' : 'none');
if (!['private', 'host', 'none'].includes(dockerChoice)) {
  process.stderr.write(`--docker ${dockerChoice}: expected private, host or none\n${usage}\n`);
  process.exit(64);
}

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { SimHardware, mapioBoard } = (await import(path.join(root, 'packages/hal/dist/index.js'))).default;

const DAEMONS = ['display', 'gpio-ha', 'webserver-back'];
const NO_RESTART_EXIT_CODES = new Set([0, 64, 78]); // as the systemd units: bad config is not retried
const RESTART_DELAY_MS = 3000;
const colours = { sim: 1, init: 35, display: 36, 'gpio-ha': 33, 'webserver-back': 32, broker: 34, docker: 34 };

const tag = (who) => (process.stdout.isTTY ? `\x1b[${colours[who] ?? 0}m[${who}]\x1b[0m ` : `[${who}] `);
const say = (who, text) => process.stdout.write(`${tag(who)}${text}\n`);

const simRoot = path.resolve(process.env.MAPIO_SIM_HOME ?? path.join(root, '.sim'));
const simDir = path.join(simRoot, 'hardware');
const dataDir = path.join(simRoot, 'data');
mkdirSync(simDir, { recursive: true });
mkdirSync(dataDir, { recursive: true });

// The simulated box runs MAPIO OS, whatever this machine runs: its version on the screen and in the API.
const osRelease = path.join(simRoot, 'os-release');
const simVersion = JSON.parse(readFileSync(path.join(root, 'packages/webserver-back/package.json'), 'utf8')).version;
writeFileSync(osRelease, `NAME="MAPIO OS"\nID=mapio\nVERSION_ID=${simVersion}-sim\nPRETTY_NAME="MAPIO OS ${simVersion}-sim (simulated)"\n`);

// Everything we start is stopped when we stop, however that happens (Ctrl-C, SIGTERM, a closed pipe).
const children = new Map();
let broker = null;
let simDocker = null;
let rauc = null;
let stopping = false;

async function stopAll(reason) {
  if (stopping) return;
  stopping = true;
  say('sim', `${reason}: stopping the daemons, the broker and the rest`);
  await Promise.all([...children.values()].map((child) => stopProcess(child)));
  await broker?.destroy();
  await simDocker?.stop();
  await rauc?.system.destroy();
  say('sim', 'all stopped');
  process.exit(0);
}
process.on('SIGINT', () => void stopAll('Ctrl-C'));
process.on('SIGTERM', () => void stopAll('SIGTERM'));
process.on('SIGHUP', () => void stopAll('SIGHUP'));
// `scripts/sim | tee log` and Ctrl-C: tee is gone before us, our next write fails with EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') void stopAll('output closed');
  });
}
process.on('exit', () => {
  for (const child of children.values()) if (child.exitCode === null) child.kill('SIGKILL');
});

const port = (await portIsFree(1883)) ? 1883 : await freePort();
broker = await MosquittoBroker.start({ port, ownProcessGroup: true });
say('broker', `mosquitto on ${broker.url}`);

const hardwareLog = { warn: (o, m) => say('sim', `${m} ${JSON.stringify(o)}`), debug: () => undefined };
await (await SimHardware.create(simDir, mapioBoard, hardwareLog)).close();

// The Linky TIC port: a pty pair, gpio-ha reads `tic`, scripts/tic-feed writes meter frames into `tic-meter`.
const socat = findExecutable('socat');
const ticPort = socat ? { device: path.join(simDir, 'tic'), meter: path.join(simDir, 'tic-meter') } : null;
if (ticPort) {
  children.set('tic-port', spawnDetached(socat, [`pty,raw,echo=0,link=${ticPort.device}`, `pty,raw,echo=0,link=${ticPort.meter}`]));
}

const httpPort = (await portIsFree(8456)) ? 8456 : await freePort();

simDocker = await startSimDocker(dockerChoice, { root, simRoot, log: (t) => say('docker', t) });

// The device's system parts, simulated: a real RAUC service on a private D-Bus bus with two file-backed
// slots (when rauc is installed) and an example bundle signed by its CA; systemctl, iw and reboot never
// touch this machine (the reboot only leaves a file).
const systemDir = path.join(simRoot, 'system');
mkdirSync(systemDir, { recursive: true });
rauc = await startSimulatedRauc();
const systemEnv = {
  // "Internet" is the local broker answering: the simulated box never connects outside this machine.
  MAPIO_INTERNET_TARGETS: `127.0.0.1:${port}`,
  MAPIO_SYSTEMCTL_COMMAND: 'true',
  MAPIO_IW_COMMAND: 'false',
  MAPIO_REBOOT_COMMAND: `touch ${path.join(systemDir, 'reboot-requested')}`,
  MAPIO_AP_CONF: path.join(systemDir, 'hostapd.conf'),
  MAPIO_WPA_SUPPLICANT_CONF: path.join(systemDir, 'wpa_supplicant-wlan0.conf'),
  ...(rauc ? { MAPIO_RAUC_CONF: rauc.system.systemConf, ...rauc.system.env } : { MAPIO_RAUC_CONF: path.join(systemDir, 'no-rauc.conf') }),
};

async function startSimulatedRauc() {
  const testkit = (await import(path.join(root, 'packages/testkit/dist/index.js'))).default;
  const missing = ['rauc', 'dbus-daemon', 'unshare', 'openssl', 'mksquashfs'].filter((tool) => !findExecutable(tool));
  if (missing.length > 0) {
    say('sim', `OS update: ${missing.join(', ')} not installed, no simulated RAUC (POST /api/v1/ota answers unavailable)`);
    return null;
  }
  const dir = path.join(simRoot, 'rauc');
  const signer = await testkit.createRaucSigner(path.join(dir, 'ca'), 'MAPIO sim CA');
  const system = await testkit.RaucSystem.start({ compatible: 'mapio-sim', keyring: signer.caPem, slotBytes: 32 * 1024 * 1024 });
  const { bundle } = await testkit.buildRaucBundle(signer, dir, 'mapio-os-sim-9.9.0', { compatible: 'mapio-sim', version: '9.9.0', imageBytes: 8 * 1024 * 1024 });
  return { system, bundle };
}

const env = {
  ...(ticPort ? { MAPIO_TIC_DEVICE: ticPort.device } : {}),
  ...process.env,
  // webserver-back: the HTTP API and the web UI (packages/webserver-front, or MAPIO_WEB_ROOT when
  // set: e.g. the old front end's dist); the Docker Engine and compose file are the --docker choice's.
  ...simDocker.env,
  MAPIO_WEB_ROOT: process.env.MAPIO_WEB_ROOT ?? path.join(root, 'packages/webserver-front/dist'),
  MAPIO_OS_RELEASE: osRelease,
  MAPIO_HTTP_PORT: String(httpPort),
  MAPIO_MQTT_URL: broker.url,
  MAPIO_HARDWARE: 'sim',
  MAPIO_SIM_DIR: simDir,
  MAPIO_DATA_DIR: dataDir,
  ...systemEnv,
  MAPIO_LOG_FORMAT: process.env.MAPIO_LOG_FORMAT ?? 'pretty',
};

function start(name, args = []) {
  const child = spawnDetached(process.execPath, [path.join(root, 'packages', name, 'dist', 'main.js'), ...args], { env });
  prefixLines(child.stdout, tag(name), process.stdout);
  prefixLines(child.stderr, tag(name), process.stderr);
  children.set(name, child);
  return child;
}

function supervise(name) {
  const child = start(name);
  child.once('exit', (code, signal) => {
    if (stopping) return;
    const how = signal ? `killed by ${signal}` : `exited with code ${code}`;
    if (!signal && NO_RESTART_EXIT_CODES.has(code)) {
      say('sim', `mapio-${name} ${how}: not restarting it`);
      return;
    }
    say('sim', `mapio-${name} ${how}: restarting in ${RESTART_DELAY_MS / 1000} s (as systemd would)`);
    setTimeout(() => {
      if (!stopping) supervise(name);
    }, RESTART_DELAY_MS);
  });
}

const init = start('init', ['boot', '--dry-run']);
const initCode = await new Promise((resolve) => init.once('exit', (code) => resolve(code)));
if (initCode !== 0) say('sim', `mapio-init boot --dry-run exited with code ${initCode}`);
children.delete('init');

for (const name of DAEMONS) supervise(name);

const mqttArgs = `-h 127.0.0.1 -p ${port}`;
say(
  'sim',
  [
    'MAPIO is running on simulated hardware. Ctrl-C stops everything.',
    `  simulated board files: ${simDir}`,
    `    buttons:  echo down > ${path.join(simDir, 'buttons')}   (up | down | mid)`,
    `    relay:    mosquitto_pub ${mqttArgs} -t mapio/gpio-ha/relay1/set -m ON; cat ${path.join(simDir, 'gpio/gpiochip0/25')}`,
    `    battery:  echo 3.6 > ${path.join(simDir, 'pmic/battery_volts')}`,
    `    LEDs:     ${path.join(simDir, 'leds')}/LED<n>_<R|G|B>/{brightness,trigger}`,
    `    charger:  echo 1 > ${path.join(simDir, 'gpio/gpiochip1/9')}   (mains unplugged; 0 = plugged)`,
    ticPort
      ? `    Linky:    mkdir -p ${path.join(dataDir, 'homeassistant')} && touch ${path.join(dataDir, 'homeassistant', 'enable_linky')}; scripts/tic-feed [historic|standard]`
      : '    Linky:    (install socat for a simulated TIC port)',
    `    e-paper:  ${path.join(simDir, 'epd')}/current.png`,
    `  data partition: ${dataDir}`,
    `  docker: ${simDocker.description}`,
    `  web server: http://127.0.0.1:${httpPort}/  (pair first: open the URL printed by`,
    `    mosquitto_sub ${mqttArgs} -C 1 -t mapio/webserver-back/pairing   -> "url")`,
    `    switch it: mosquitto_pub ${mqttArgs} -t mapio/webserver-back/http/set -m '{"action":"toggle"}'`,
    rauc
      ? `  OS update: curl -H "Authorization: Bearer <token>" -H 'content-type: application/octet-stream' --data-binary @${rauc.bundle} http://127.0.0.1:${httpPort}/api/v1/ota\n` +
        `    (or the old page's POST /update); follow mapio/webserver-back/ota and the e-paper; slots: ${rauc.system.dir}/slot-{A,B}.img; reboot = ${path.join(systemDir, 'reboot-requested')}`
      : '  OS update: (install rauc, squashfs-tools and dbus for a simulated RAUC)',
    `  watch MQTT: mosquitto_sub ${mqttArgs} -v -t 'mapio/#' -t 'homeassistant/#'`,
  ].join('\n'),
);
