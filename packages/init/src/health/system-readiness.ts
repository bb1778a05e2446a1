import http from 'node:http';
import { LongRunningDaemon } from '@mapio/contracts';
import { Disposer, type MqttBus } from '@mapio/runtime';

export type Readiness = { ready: true } | { ready: false; missing: string[] };

const DOCKER_POLL_MS = 2000;

/** Docker Engine's `/_ping` on a `unix://` DOCKER_HOST answers `OK`. */
export async function dockerAnswers(dockerHost: string): Promise<boolean> {
  const socketPath = dockerHost.replace(/^unix:\/\//, '');
  return new Promise((resolve) => {
    const request = http.get({ socketPath, path: '/_ping', timeout: DOCKER_POLL_MS }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve(response.statusCode === 200 && body.trim() === 'OK'));
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(false));
  });
}

/**
 * Waits until display, gpio-ha and webserver-back say `online` (retained availability, so a daemon
 * online before we subscribed counts) and Docker answers, or until the timeout; then says what was
 * still missing.
 */
export async function waitUntilReady(bus: MqttBus, dockerHost: string, timeoutMs: number): Promise<Readiness> {
  const disposer = new Disposer();
  const online = new Set<string>();
  let docker = false;
  let waiting = true;
  const missing = () => [
    ...LongRunningDaemon.options.filter((daemon) => !online.has(daemon)).map((daemon) => `${daemon} not online`),
    ...(docker ? [] : ['Docker Engine not answering']),
  ];
  try {
    return await new Promise<Readiness>((resolve) => {
      const settle = () => {
        if (waiting && missing().length === 0) resolve({ ready: true });
      };
      disposer.add(
        bus.subscribe('mapio/+/availability', (state, topic) => {
          const daemon = topic.split('/')[1] ?? '';
          if (state === 'online') online.add(daemon);
          else online.delete(daemon);
          settle();
        }),
      );
      const pollDocker = async () => {
        docker = await dockerAnswers(dockerHost);
        settle();
        if (!docker && waiting) disposer.timeout(() => void pollDocker(), DOCKER_POLL_MS);
      };
      void pollDocker();
      disposer.timeout(() => resolve({ ready: false, missing: missing() }), timeoutMs);
    });
  } finally {
    waiting = false;
    await disposer.dispose();
  }
}
