import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HalError, TtySerialLine } from '@mapio/hal';
import { describeWithServices, eventually, PtyPair } from '@mapio/testkit';

describeWithServices(['socat'], 'serial line over a real pty pair (socat)', () => {
  let pty: PtyPair;

  beforeAll(async () => {
    pty = await PtyPair.open();
  });

  afterAll(() => {
    pty.close();
  });

  it('streams the bytes written at the other end, untouched', async () => {
    const configured: Array<[string, number]> = [];
    const line = new TtySerialLine(pty.device, async (device, baud) => {
      configured.push([device, baud]);
    });
    const stream = await line.open(1200);
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    const frame = Buffer.from('\x02\nADCO 021728123456 @\r\nPAPP 01250 *\r\x03', 'latin1');
    await pty.send(frame);
    await eventually(() => Buffer.concat(chunks).length >= frame.length, 3000, 'frame received');
    expect(Buffer.concat(chunks)).toEqual(frame);
    expect(configured).toEqual([[pty.device, 1200]]);
    await line.close();
  });

  it('gives its descriptor back when closed, so garbage collection never closes a reused one', () => {
    const output = execFileSync(process.execPath, ['--expose-gc', path.join(__dirname, 'fixtures', 'serial-reopen.js'), pty.device], {
      encoding: 'utf8',
    });
    expect(JSON.parse(output)).toEqual({ warnings: [], stillOpen: true });
  });

  it('keeps no descriptor behind when reopened: the fd count is the same after 20 reopens', async () => {
    const openFds = () => readdirSync('/proc/self/fd').length;
    const line = new TtySerialLine(pty.device, async () => undefined);
    await line.open(1200);
    await line.close();
    const before = openFds();
    for (let i = 0; i < 20; i++) {
      await line.open(i % 2 === 0 ? 1200 : 9600);
      await line.close();
    }
    expect(openFds()).toBe(before);
    // Still a working line after all that.
    const stream = await line.open(1200);
    const received: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => received.push(chunk));
    await pty.send(Buffer.from('after reopens'));
    await eventually(() => Buffer.concat(received).toString() === 'after reopens', 3000, 'bytes after reopens');
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
