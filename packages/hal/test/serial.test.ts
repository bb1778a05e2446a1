import { spawn, type ChildProcess } from 'node:child_process';
import { constants, mkdtempSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { HalError, TtySerialLine } from '@mapio/hal';
import { describeWithServices, eventually, findExecutable } from '@mapio/testkit';

describeWithServices(['socat'], 'serial line over a real pty pair (socat)', () => {
  let socat: ChildProcess;
  let deviceEnd: string;
  let testEnd: string;

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mapio-pty-'));
    deviceEnd = path.join(dir, 'ttyTIC');
    testEnd = path.join(dir, 'ttyMeter');
    socat = spawn(findExecutable('socat') ?? 'socat', [
      `pty,raw,echo=0,link=${deviceEnd}`,
      `pty,raw,echo=0,link=${testEnd}`,
    ]);
    await eventually(async () => {
      try {
        await (await open(testEnd, constants.O_RDONLY | constants.O_NONBLOCK)).close();
        await (await open(deviceEnd, constants.O_RDONLY | constants.O_NONBLOCK)).close();
        return true;
      } catch {
        return false;
      }
    }, 5000, 'socat ptys');
  });

  afterAll(() => {
    socat.kill();
  });

  it('streams the bytes written at the other end, untouched', async () => {
    const configured: Array<[string, number]> = [];
    const line = new TtySerialLine(deviceEnd, async (device, baud) => {
      configured.push([device, baud]);
    });
    const stream = await line.open(1200);
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    const frame = Buffer.from('\x02\nADCO 021728123456 @\r\nPAPP 01250 *\r\x03', 'latin1');
    const writer = await open(testEnd, constants.O_WRONLY | constants.O_NOCTTY);
    await writer.write(frame);
    await eventually(() => Buffer.concat(chunks).length >= frame.length, 3000, 'frame received');
    expect(Buffer.concat(chunks)).toEqual(frame);
    expect(configured).toEqual([[deviceEnd, 1200]]);
    await writer.close();
    await line.close();
  });

  it('refuses something that is not a terminal', async () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'mapio-notty-')), 'plain');
    writeFileSync(file, 'x');
    await expect(new TtySerialLine(file, async () => undefined).open(9600)).rejects.toThrow(HalError);
    await expect(new TtySerialLine('/nonexistent/tty', async () => undefined).open(9600)).rejects.toThrow(
      /serial line \/nonexistent\/tty: cannot open/,
    );
  });
});
