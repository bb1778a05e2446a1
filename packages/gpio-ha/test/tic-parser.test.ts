import { readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeTicGroup, encodeTicFrame, ticChecksum } from '../src/linky/tic-group';
import { TicFrameParser, type TicParserEvent } from '../src/linky/tic-frame-parser';
import { frame, historicFrame, historicGroup, standardFrame, standardGroup } from './tic-frames';

const parse = (mode: 'historic' | 'standard' | 'auto', ...chunks: Buffer[]): TicParserEvent[] => {
  const parser = new TicFrameParser(mode);
  return chunks.flatMap((chunk) => parser.push(chunk));
};
const frames = (events: TicParserEvent[]) => events.flatMap((e) => (e.type === 'frame' ? [e.frame] : []));

describe('TIC group checksums (docs/hardware.md formulas)', () => {
  it('matches checksums worked out by hand', () => {
    // "PAPP 01250": 80+65+80+80 + 32 + 48+49+50+53+48 = 585; 585 & 0x3F = 9; 9 + 0x20 = 41 = ")"
    expect(historicGroup('PAPP', '01250')).toBe('\nPAPP 01250 )\r');
    // "IRMS1<HT>003<HT>": 73+82+77+83+49 + 9 + 48+48+51 + 9 = 529; 529 & 0x3F = 17; 17 + 0x20 = 49 = "1"
    expect(standardGroup('IRMS1', '003')).toBe('\nIRMS1\t003\t1\r');
    expect(ticChecksum('PAPP 01250')).toBe(')');
  });

  it('sums the tab before the check character in standard mode but not the space in historic mode', () => {
    expect(decodeTicGroup('PAPP 01250 )', 'historic')).toEqual({ ok: true, mode: 'historic', group: { label: 'PAPP', value: '01250' } });
    expect(decodeTicGroup('IRMS1\t003\t1', 'standard')).toEqual({ ok: true, mode: 'standard', group: { label: 'IRMS1', value: '003' } });
    expect(decodeTicGroup('IRMS1\t003\t(', 'standard')).toEqual({ ok: false, reason: 'checksum mismatch' });
  });

  it('builds the same frames as the formulas (the simulator feeds the daemon with this encoder)', () => {
    const groups = [
      { label: 'ADSC', value: '021728123456' },
      { label: 'DATE', value: '', horodate: 'H261126101500' },
      { label: 'MSG1', value: 'PAS DE          MESSAGE         ' },
    ];
    expect(encodeTicFrame('standard', groups)).toEqual(
      frame(
        standardGroup('ADSC', '021728123456'),
        standardGroup('DATE', '', 'H261126101500'),
        standardGroup('MSG1', 'PAS DE          MESSAGE         '),
      ),
    );
    expect(encodeTicFrame('historic', [{ label: 'BASE', value: '002809718' }])).toEqual(frame(historicGroup('BASE', '002809718')));
  });
});

describe('historic mode frames', () => {
  it('decodes every group of a clean frame', () => {
    const [decoded, ...rest] = frames(parse('historic', historicFrame({ HCHC: 12345678, HCHP: 23456789 })));
    expect(rest).toEqual([]);
    expect(decoded?.mode).toBe('historic');
    expect(decoded?.badGroups).toBe(0);
    expect(decoded?.groups.map((g) => `${g.label}=${g.value}`)).toEqual([
      'ADCO=021728123456', 'OPTARIF=HC..', 'ISOUSC=30', 'HCHC=012345678', 'HCHP=023456789', 'PTEC=HP..',
      'IINST=005', 'IMAX=090', 'PAPP=01250', 'HHPHC=A', 'MOTDETAT=000000',
    ]);
  });

  it('is auto-detected and refused in standard mode', () => {
    expect(frames(parse('auto', historicFrame({ HCHC: 1, HCHP: 2 })))[0]?.mode).toBe('historic');
    expect(parse('standard', historicFrame({ HCHC: 1, HCHP: 2 }))).toEqual([
      { type: 'discarded', reason: 'no valid group', badGroups: 11 },
    ]);
  });
});

describe('standard mode frames', () => {
  it('keeps values with spaces and horodates as sent', () => {
    const [decoded] = frames(parse('standard', standardFrame(12_345_678)));
    expect(decoded?.badGroups).toBe(0);
    const byLabel = new Map(decoded?.groups.map((g) => [g.label, g]));
    expect(byLabel.get('NGTF')?.value).toBe('     TEMPO      ');
    expect(byLabel.get('LTARF')?.value).toBe('    HP  BLEU    ');
    expect(byLabel.get('MSG1')?.value).toBe('PAS DE          MESSAGE         ');
    expect(byLabel.get('SMAXSN')).toEqual({ label: 'SMAXSN', value: '03520', horodate: 'E261126063000' });
    expect(byLabel.get('DATE')).toEqual({ label: 'DATE', value: '', horodate: 'H261126101500' });
    expect(byLabel.get('EAST')?.value).toBe('012345678');
  });

  it('is auto-detected and refused in historic mode', () => {
    expect(frames(parse('auto', standardFrame(5000)))[0]?.mode).toBe('standard');
    expect(frames(parse('historic', standardFrame(5000)))).toEqual([]);
  });
});

describe('corrupted bytes', () => {
  it.each([
    ['historic', historicFrame({ HCHC: 12345678, HCHP: 23456789 })],
    ['standard', standardFrame(12_345_678)],
  ] as const)('never lets a %s frame with one flipped byte through with a changed value', (mode, clean) => {
    const original = new Set(frames(parse(mode, clean))[0]?.groups.map((g) => JSON.stringify(g)));
    for (let position = 0; position < clean.length; position++) {
      const damaged = Buffer.from(clean);
      damaged[position] = (damaged[position] ?? 0) ^ 0x01;
      const events = parse(mode, damaged);
      const accepted = frames(events).flatMap((f) => f.groups.map((g) => JSON.stringify(g)));
      const where = { position, byte: JSON.stringify(String.fromCharCode(clean[position] ?? 0)) };
      expect({ ...where, foreign: accepted.filter((g) => !original.has(g)) }).toEqual({ ...where, foreign: [] });
      // ...and the damage is seen: fewer groups, or counted as a bad group / bad frame.
      const clean1 = frames(events).some((f) => f.badGroups === 0 && f.groups.length === original.size);
      expect({ ...where, cleanFrameReported: clean1 }).toEqual({ ...where, cleanFrameReported: false });
    }
  });

  it('counts a bad group and keeps the good ones of the same frame', () => {
    const bad = historicGroup('PAPP', '01250').replace(')', '*');
    const [decoded] = frames(parse('historic', frame(historicGroup('ADCO', '021728123456'), bad, historicGroup('PTEC', 'HC..'))));
    expect(decoded?.badGroups).toBe(1);
    expect(decoded?.groups.map((g) => g.label)).toEqual(['ADCO', 'PTEC']);
  });
});

describe('framing', () => {
  it('discards a frame interrupted by EOT and reads the next one', () => {
    const clean = historicFrame({ HCHC: 100, HCHP: 200 });
    const cut = Buffer.concat([clean.subarray(0, 40), Buffer.from([0x04])]);
    const events = parse('historic', cut, historicFrame({ HCHC: 101, HCHP: 200 }));
    expect(events[0]).toEqual({ type: 'discarded', reason: 'interrupted', badGroups: 0 });
    expect(frames(events).map((f) => f.groups.find((g) => g.label === 'HCHC')?.value)).toEqual(['000000101']);
  });

  it('locks on mid-stream; a frame whose ETX was lost joins the next one, the later value of a label winning', () => {
    const clean = historicFrame({ HCHC: 100, HCHP: 200 });
    const events = parse('historic', clean.subarray(25), clean.subarray(0, 60), historicFrame({ HCHC: 101, HCHP: 200 }));
    expect(events.map((e) => e.type)).toEqual(['frame']);
    const [joined] = frames(events);
    // The group the STX landed in is lost (counted); every other group is a verified one.
    expect(joined?.badGroups).toBe(1);
    expect(joined?.groups.filter((g) => g.label === 'HCHC').map((g) => g.value).at(-1)).toBe('000000101');
  });

  it('resynchronises after an STX inside a group, keeping the groups that follow (line noise)', () => {
    const noisy = frame(
      historicGroup('ADCO', '021728123456'),
      '\nPAPP 01\x02\x1a\x02:250 )\r',
      historicGroup('PTEC', 'HC..'),
      '\nIINST\x02\r\n3\x02"3:\r',
      historicGroup('IMAX', '090'),
    );
    const [decoded, ...rest] = frames(parse('historic', noisy));
    expect(rest).toEqual([]);
    expect(decoded?.groups.map((g) => g.label)).toEqual(['ADCO', 'PTEC', 'IMAX']);
    // PAPP, IINST and the "3" fragment after IINST's noise: three groups hit.
    expect(decoded?.badGroups).toBe(3);
  });

  it('takes CR LF line endings (an LF before the ETX) as clean', () => {
    const crlf = Buffer.from(`\x02\r${historicGroup('ADCO', '021728123456')}${historicGroup('PAPP', '01250')}\n\x03`, 'latin1');
    expect(frames(parse('historic', crlf))).toEqual([
      { mode: 'historic', badGroups: 0, groups: [{ label: 'ADCO', value: '021728123456' }, { label: 'PAPP', value: '01250' }] },
    ]);
  });

  it('reads the teleinfo2mqtt capture (CR LF, stray STX bytes mid-group): every frame, the noise counted', () => {
    const capture = readFileSync(path.join(__dirname, 'fixtures', 'tic-real', 's-prod-hchp-teleinfo2mqtt.bin'));
    const events = parse('auto', capture);
    expect(events.filter((e) => e.type === 'discarded')).toEqual([]);
    const decoded = frames(events);
    expect(decoded).toHaveLength(9);
    expect(decoded.filter((f) => f.badGroups === 0)).toHaveLength(6);
    // CCAIN-1 in frame 1, IRMS1 in frame 3, ERQ2 (and a fragment after it) in frame 8: the groups the noise hit.
    expect(decoded.map((f) => f.badGroups)).toEqual([1, 0, 1, 0, 0, 0, 0, 2, 0]);
    const missing = (f: (typeof decoded)[number]) => LABELS_48.filter((label) => !f.groups.some((g) => g.label === label));
    // The logger that made the capture moved frame 4's ADSC into frame 3 (which has it twice).
    expect(decoded.map(missing)).toEqual([['CCAIN-1'], [], ['IRMS1'], ['ADSC'], [], [], [], ['ERQ2'], []]);
  });

  it('gives the same frames whatever the chunking', () => {
    const stream = Buffer.concat([standardFrame(1000), historicFrame({ HCHC: 5, HCHP: 6 }), standardFrame(1001)]);
    const whole = parse('auto', stream);
    const parser = new TicFrameParser('auto');
    const byteByByte = [...stream].flatMap((byte) => parser.push(Buffer.from([byte])));
    expect(byteByByte).toEqual(whole);
    expect(frames(whole)).toHaveLength(3);
  });

  it('ignores the parity bit a UART read as 8 bits hands over (7E1)', () => {
    const clean = standardFrame(4242);
    const withParity = Buffer.from([...clean].map((byte) => (bitCount(byte) % 2 === 1 ? byte | 0x80 : byte)));
    expect(withParity.equals(clean)).toBe(false);
    expect(parse('standard', withParity)).toEqual(parse('standard', clean));
  });
});

/** The 48 labels of each frame of the teleinfo2mqtt capture (a standard-mode HC/HP producer). */
const LABELS_48 = [
  'ADSC', 'VTIC', 'DATE', 'NGTF', 'LTARF', 'EAST', 'EASF01', 'EASF02', 'EASF03', 'EASF04', 'EASF05', 'EASF06',
  'EASF07', 'EASF08', 'EASF09', 'EASF10', 'EASD01', 'EASD02', 'EASD03', 'EASD04', 'EAIT', 'ERQ1', 'ERQ2', 'ERQ3',
  'ERQ4', 'IRMS1', 'URMS1', 'PREF', 'PCOUP', 'SINSTS', 'SMAXSN', 'SMAXSN-1', 'SINSTI', 'SMAXIN', 'SMAXIN-1', 'CCASN',
  'CCASN-1', 'CCAIN', 'CCAIN-1', 'UMOY1', 'STGE', 'MSG1', 'PRM', 'RELAIS', 'NTARF', 'NJOURF', 'NJOURF+1', 'PJOURF+1',
];

function bitCount(byte: number): number {
  let count = 0;
  for (let b = byte; b > 0; b >>= 1) count += b & 1;
  return count;
}
