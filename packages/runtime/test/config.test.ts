import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { baseConfigFields, ConfigError, field, integer, loadConfig, boolean } from '@mapio/runtime';

const fields = {
  ...baseConfigFields,
  httpPort: field({ env: 'MAPIO_HTTP_PORT', description: 'port', schema: integer(1, 65535), default: '8456' }),
  auth: field({ env: 'MAPIO_AUTH', description: 'auth', schema: boolean, default: 'on' }),
};

function problemsOf(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(fields, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration from the environment', () => {
  it('uses the documented defaults when nothing is set', () => {
    const config = loadConfig(fields, {});
    expect(config).toMatchObject({
      mqttUrl: 'mqtt://localhost:1883',
      hardware: 'real',
      dataDir: '/usr/local',
      logLevel: 'info',
      httpPort: 8456,
      auth: true,
    });
    expect(config.mqttUsername).toBeUndefined();
  });

  it('parses values from their text form and treats an empty variable as unset', () => {
    const config = loadConfig(fields, { MAPIO_HTTP_PORT: '8080', MAPIO_AUTH: 'off', MAPIO_HARDWARE: 'sim', MAPIO_MQTT_USERNAME: '' });
    expect(config).toMatchObject({ httpPort: 8080, auth: false, hardware: 'sim' });
    expect(config.mqttUsername).toBeUndefined();
  });

  it('reports one readable line per bad variable, all at once', () => {
    const problems = problemsOf({ MAPIO_HTTP_PORT: '80a', MAPIO_HARDWARE: 'board', MAPIO_DATA_DIR: 'relative/dir' });
    expect(problems).toEqual([
      'MAPIO_HARDWARE="board": expected one of: real, sim',
      'MAPIO_DATA_DIR="relative/dir": expected an absolute path',
      'MAPIO_HTTP_PORT="80a": expected an integer between 1 and 65535',
    ]);
  });

  it('never echoes a secret value', () => {
    const problems = problemsOf({ MAPIO_MQTT_PASSWORD: ' ', MAPIO_HTTP_PORT: '70000' });
    expect(problems.join('\n')).not.toContain('hunter2');
    expect(problems).toContain('MAPIO_HTTP_PORT="70000": expected an integer <= 65535');
  });
});

describe('configuration file named in MAPIO_CONFIG', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mapio-config-'));
  const write = (name: string, content: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, content);
    return file;
  };

  it('overrides the environment with the same variable names', () => {
    const file = write('ok.json', JSON.stringify({ MAPIO_HTTP_PORT: 9000, MAPIO_AUTH: false }));
    const config = loadConfig(fields, { MAPIO_CONFIG: file, MAPIO_HTTP_PORT: '8080', MAPIO_LOG_LEVEL: 'debug' });
    expect(config).toMatchObject({ httpPort: 9000, auth: false, logLevel: 'debug' });
  });

  it('rejects unknown settings (typos) and names the file', () => {
    const file = write('typo.json', JSON.stringify({ MAPIO_HTTP_PROT: 9000 }));
    expect(problemsOf({ MAPIO_CONFIG: file })).toEqual([`MAPIO_CONFIG="${file}": unknown setting MAPIO_HTTP_PROT`]);
  });

  it('says where a bad value came from', () => {
    const file = write('bad.json', JSON.stringify({ MAPIO_HTTP_PORT: 'high' }));
    expect(problemsOf({ MAPIO_CONFIG: file })).toEqual([
      `MAPIO_HTTP_PORT (from ${file})="high": expected an integer between 1 and 65535`,
    ]);
  });

  it('reports a file that is not JSON', () => {
    const file = write('broken.json', '{ MAPIO_HTTP_PORT: 1');
    expect(problemsOf({ MAPIO_CONFIG: file })[0]).toMatch(/^MAPIO_CONFIG=".*broken.json": cannot read it as JSON/);
  });
});
