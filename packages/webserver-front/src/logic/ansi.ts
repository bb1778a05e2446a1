/** A run of log text with one look. The text is shown as text (never as HTML). */
export interface AnsiSegment {
  text: string;
  bold: boolean;
  dim: boolean;
  italic: boolean;
  underline: boolean;
  /** CSS colour, or null for the default. */
  color: string | null;
  background: string | null;
}

const BASIC = ['#000000', '#cd3131', '#0dbc79', '#e5e510', '#2472c8', '#bc3fbc', '#11a8cd', '#e5e5e5'];
const BRIGHT = ['#666666', '#f14c4c', '#23d18b', '#f5f543', '#3b8eea', '#d670d6', '#29b8db', '#ffffff'];

/** xterm's 256-colour palette: 16 basic, a 6x6x6 cube, 24 greys. */
function palette256(n: number): string | null {
  if (!Number.isInteger(n) || n < 0 || n > 255) return null;
  if (n < 8) return BASIC[n] ?? null;
  if (n < 16) return BRIGHT[n - 8] ?? null;
  if (n < 232) {
    const i = n - 16;
    const level = (v: number) => (v === 0 ? 0 : 55 + v * 40);
    return rgb(level(Math.floor(i / 36)), level(Math.floor(i / 6) % 6), level(i % 6));
  }
  const grey = 8 + (n - 232) * 10;
  return rgb(grey, grey, grey);
}

const rgb = (r: number, g: number, b: number) => `rgb(${r}, ${g}, ${b})`;
const inByte = (v: number | undefined): v is number => v !== undefined && Number.isInteger(v) && v >= 0 && v <= 255;

type Style = Omit<AnsiSegment, 'text'>;
const PLAIN: Style = { bold: false, dim: false, italic: false, underline: false, color: null, background: null };

/** Applies one SGR sequence's parameters (`ESC [ p1 ; p2 ... m`) to a style. */
function applySgr(style: Style, params: number[]): Style {
  let next = { ...style };
  for (let i = 0; i < params.length; i++) {
    const p = params[i] ?? 0;
    if (p === 0) next = { ...PLAIN };
    else if (p === 1) next.bold = true;
    else if (p === 2) next.dim = true;
    else if (p === 3) next.italic = true;
    else if (p === 4) next.underline = true;
    else if (p === 22) next.bold = next.dim = false;
    else if (p === 23) next.italic = false;
    else if (p === 24) next.underline = false;
    else if (p >= 30 && p <= 37) next.color = BASIC[p - 30] ?? null;
    else if (p >= 90 && p <= 97) next.color = BRIGHT[p - 90] ?? null;
    else if (p === 39) next.color = null;
    else if (p >= 40 && p <= 47) next.background = BASIC[p - 40] ?? null;
    else if (p >= 100 && p <= 107) next.background = BRIGHT[p - 100] ?? null;
    else if (p === 49) next.background = null;
    else if (p === 38 || p === 48) {
      const target = p === 38 ? 'color' : 'background';
      if (params[i + 1] === 5) {
        next[target] = palette256(params[i + 2] ?? -1);
        i += 2;
      } else if (params[i + 1] === 2) {
        const [r, g, b] = [params[i + 2], params[i + 3], params[i + 4]];
        next[target] = inByte(r) && inByte(g) && inByte(b) ? rgb(r, g, b) : null;
        i += 4;
      }
    }
  }
  return next;
}

// CSI sequences (colours and the cursor moves some programs print) and OSC titles.
// eslint-disable-next-line no-control-regex -- matching escape sequences is the point
const ESCAPES = /\x1b\[([0-9;:]*)([A-Za-z])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][A-Za-z0-9]|\x1b./g;

/** Splits a line with ANSI escape codes into styled runs; non-colour escapes and other control characters are dropped. */
export function parseAnsi(line: string): AnsiSegment[] {
  const segments: AnsiSegment[] = [];
  let style: Style = { ...PLAIN };
  let last = 0;
  const push = (text: string) => {
    // eslint-disable-next-line no-control-regex -- control characters are what is removed
    const clean = text.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '');
    if (clean) segments.push({ text: clean, ...style });
  };
  for (const match of line.matchAll(ESCAPES)) {
    push(line.slice(last, match.index));
    last = match.index + match[0].length;
    if (match[2] === 'm') {
      const params = (match[1] ?? '').split(/[;:]/).map((v) => (v === '' ? 0 : Number(v)));
      style = applySgr(style, params);
    }
  }
  push(line.slice(last));
  return segments;
}
