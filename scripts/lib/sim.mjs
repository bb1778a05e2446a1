// scripts/sim: the whole MAPIO system on simulated hardware, on this machine.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findExecutable, freePort, MosquittoBroker, portIsFree, prefixLines, spawnDetached, stopProcess } from './processes.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const { SimHardware, mapioBoard } = (await import(path.join(root, 'packages/hal/dist/index.js'))).default;

const DAEMONS = ['display', 'gpio-ha', 'webserver-back'];
const NO_RESTART_EXIT_CODES = new Set([0, 64, 78]); // as the systemd units: bad config is not retried
const RESTART_DELAY_MS = 3000;
const colours = { sim: 1, init: 35, display: 36, 'gpio-ha': 33, 'webserver-back': 32, broker: 34 };

const tag = (who) => (process.stdout.isTTY ? `\x1b[${colours[who] ?? 0}m[${who}]\x1b[0m ` : `[${who}] `);
const say = (who, text) => process.stdout.write(`${tag(who)}${text}\n`);

const simRoot = path.resolve(process.env.MAPIO_SIM_HOME ?? path.join(root, '.sim'));
const simDir = path.join(simRoot, 'hardware');
const dataDir = path.join(simRoot, 'data');
mkdirSync(simDir, { recursive: true });
mkdirSync(dataDir, { recursive: true });

const port = (await portIsFree(1883)) ? 1883 : await freePort();
const broker = await MosquittoBroker.start({ port, ownProcessGroup: true });
say('broker', `mosquitto on ${broker.url}`);

const hardwareLog = { warn: (o, m) => say('sim', `${m} ${JSON.stringify(o)}`), debug: () => undefined };
await (await SimHardware.create(simDir, mapioBoard, hardwareLog)).close();

const children = new Map();

// The Linky TIC port: a pty pair, gpio-ha reads `tic`, scripts/tic-feed writes meter frames into `tic-meter`.
const socat = findExecutable('socat');
const ticPort = socat ? { device: path.join(simDir, 'tic'), meter: path.join(simDir, 'tic-meter') } : null;
if (ticPort) {
  children.set('tic-port', spawnDetached(socat, [`pty,raw,echo=0,link=${ticPort.device}`, `pty,raw,echo=0,link=${ticPort.meter}`]));
}

const httpPort = (await portIsFree(8456)) ? 8456 : await freePort();

const env = {
  ...(ticPort ? { MAPIO_TIC_DEVICE: ticPort.device } : {}),
  ...process.env,
  // webserver-back: the HTTP API and front end. DOCKER_HOST / MAPIO_COMPOSE_FILE / MAPIO_WEB_ROOT are
  // taken from your environment when set; without a Docker Engine the API answers 503 docker_unavailable.
  MAPIO_HTTP_PORT: String(httpPort),
  MAPIO_MQTT_URL: broker.url,
  MAPIO_HARDWARE: 'sim',
  MAPIO_SIM_DIR: simDir,
  MAPIO_DATA_DIR: dataDir,
  MAPIO_LOG_FORMAT: process.env.MAPIO_LOG_FORMAT ?? 'pretty',
};

let stopping = false;

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

async function stopAll(reason) {
  if (stopping) return;
  stopping = true;
  say('sim', `${reason}: stopping the daemons and the broker`);
  await Promise.all([...children.values()].map((child) => stopProcess(child)));
  await broker.destroy();
  say('sim', 'all stopped');
  process.exit(0);
}
process.on('SIGINT', () => void stopAll('Ctrl-C'));
process.on('SIGTERM', () => void stopAll('SIGTERM'));
process.on('exit', () => {
  for (const child of children.values()) if (child.exitCode === null) child.kill('SIGKILL');
});

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
    `  web server: http://127.0.0.1:${httpPort}/  (pair first: open the URL printed by`,
    `    mosquitto_sub ${mqttArgs} -C 1 -t mapio/webserver-back/pairing   -> "url")`,
    `    switch it: mosquitto_pub ${mqttArgs} -t mapio/webserver-back/http/set -m '{"action":"toggle"}'`,
    `  watch MQTT: mosquitto_sub ${mqttArgs} -v -t 'mapio/#' -t 'homeassistant/#'`,
  ].join('\n'),
);
