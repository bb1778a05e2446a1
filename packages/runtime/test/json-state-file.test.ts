import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { JsonStateFile } from '@mapio/runtime';
import { captureLogs } from '@mapio/testkit';
import { z } from 'zod';

const Saved = z.object({ enabled: z.boolean() });
const fileIn = (dir: string) => path.join(dir, 'daemon', 'state.json');

describe('a JSON state file on the data partition', () => {
  it('is null before anything was saved, then gives back what was written (directories created)', async () => {
    const file = fileIn(mkdtempSync(path.join(os.tmpdir(), 'mapio-state-')));
    const logs = captureLogs();
    const state = new JsonStateFile(file, Saved, 'test switch', logs.logger);
    expect(await state.read()).toBeNull();
    await state.write({ enabled: false });
    expect(readFileSync(file, 'utf8')).toBe('{"enabled":false}\n');
    expect(await state.read()).toEqual({ enabled: false });
    expect(logs.lines()).toEqual([]);
  });

  it('reads a damaged or foreign file as nothing saved, saying so once per read', async () => {
    const file = fileIn(mkdtempSync(path.join(os.tmpdir(), 'mapio-state-')));
    const logs = captureLogs();
    const state = new JsonStateFile(file, Saved, 'test switch', logs.logger);
    await state.write({ enabled: true });
    for (const content of ['{"enabled":tr', '{"enabled":"yes"}', '']) {
      writeFileSync(file, content);
      expect(await state.read()).toBeNull();
    }
    const warnings = logs.lines().filter((l) => l.level === 40);
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toMatchObject({ file, msg: 'test switch file is invalid: using the default (rewritten on the next change)' });
  });

  it('refuses to write a value its schema rejects (a bug in the caller)', async () => {
    const state = new JsonStateFile(fileIn(mkdtempSync(path.join(os.tmpdir(), 'mapio-state-'))), Saved, 'test switch', captureLogs().logger);
    await expect(state.write({ enabled: 'yes' } as never)).rejects.toThrow();
  });
});
