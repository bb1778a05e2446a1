// The Docker Engine the simulated box's webserver-back manages: an explicit choice, never the host's by accident.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Demo services of the private engine: busybox images made here, no network needed. */
const DEMO_COMPOSE = `# The simulator's compose project (scripts/sim --docker private): busybox services, no network.
services:
  homeassistant:
    image: mapio-sim/homeassistant:latest
    network_mode: none
    restart: unless-stopped
    command: ["sh", "-c", "while true; do echo homeassistant: running; sleep 10; done"]
  zigbee2mqtt:
    image: mapio-sim/zigbee2mqtt:latest
    network_mode: none
    restart: unless-stopped
    command: ["sh", "-c", "while true; do echo zigbee2mqtt: permit join off; sleep 15; done"]
  jellyfin:
    image: mapio-sim/jellyfin:latest
    network_mode: none
`;

/**
 * Starts what the choice needs and says what webserver-back gets: `env` (DOCKER_HOST and the compose
 * file), `description` for the banner, `stop()`.
 */
export async function startSimDocker(choice, { root, simRoot, log }) {
  if (choice === 'none') {
    const socket = path.join(simRoot, 'no-docker.sock');
    return {
      env: { DOCKER_HOST: `unix://${socket}`, MAPIO_COMPOSE_FILE: path.join(simRoot, 'compose', 'docker-compose.yml') },
      description: 'none (--docker private or --docker host to manage containers)',
      stop: async () => undefined,
    };
  }
  if (choice === 'host') {
    const host = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
    return {
      env: { DOCKER_HOST: host, ...(process.env.MAPIO_COMPOSE_FILE ? { MAPIO_COMPOSE_FILE: process.env.MAPIO_COMPOSE_FILE } : {}) },
      description: `this machine's own engine at ${host}: the web UI acts on its containers`,
      stop: async () => undefined,
    };
  }
  const testkit = (await import(path.join(root, 'packages/testkit/dist/index.js'))).default;
  log('starting a private Docker Engine (vfs storage, no network) with a demo compose project');
  const engine = await testkit.PrivateDockerd.start();
  try {
    for (const name of ['homeassistant', 'zigbee2mqtt', 'jellyfin']) {
      await testkit.importBusyboxImage(engine, `mapio-sim/${name}:latest`);
    }
  } catch (error) {
    await engine.destroy();
    throw error;
  }
  const composeDir = path.join(simRoot, 'compose');
  mkdirSync(composeDir, { recursive: true });
  const composeFile = path.join(composeDir, 'docker-compose.yml');
  writeFileSync(composeFile, DEMO_COMPOSE);
  return {
    env: { DOCKER_HOST: engine.host, MAPIO_COMPOSE_FILE: composeFile },
    description: `private engine ${engine.host}, demo project ${composeFile} (start services from the web UI)`,
    stop: () => engine.destroy(),
  };
}
