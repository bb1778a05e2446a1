import { ScreenRenderer } from '../src/render/screen-renderer';
import { textWidth } from '../src/render/text-fit';
import { messageLines } from '../src/views/notification-view';
import { expectGolden } from './support/golden';

const renderer = new ScreenRenderer();
const render = (message: string) => renderer.render({ view: 'notification', data: { message } }, null);

describe('the notification view', () => {
  it('MESSAGE: the text from Home Assistant, broken between words, and how to close it', async () => {
    await expectGolden(await render('Washing machine done. Unload it before 18:00, please.'), 'notification');
  });

  it('a message longer than the screen ends in an ellipsis', async () => {
    await expectGolden(await render(`Alarm armed. ${'All doors and windows closed. '.repeat(8)}`), 'notification-overflow');
  });
});

describe('message lines', () => {
  const ELLIPSIS = '\u2026';

  it("keeps words whole and the message's own line breaks", () => {
    const lines = messageLines('Front door open\nBack door closed', 100, 5);
    expect(lines).toEqual(['Front door', 'open', 'Back door', 'closed']);
    for (const line of lines) expect(textWidth(line, 14)).toBeLessThanOrEqual(100);
  });

  it('cuts a word longer than a line', () => {
    const [line] = messageLines('x'.repeat(60), 100, 1);
    expect(line?.endsWith(ELLIPSIS)).toBe(true);
    expect(textWidth(line ?? '', 14)).toBeLessThanOrEqual(100);
  });

  it('shows at most the lines that fit, the last one ending in an ellipsis', () => {
    const lines = messageLines('one two three four five six seven eight nine ten', 40, 3);
    expect(lines).toHaveLength(3);
    expect(lines[2]?.endsWith(ELLIPSIS)).toBe(true);
  });

  it('ends the last line in an ellipsis when a further paragraph does not fit', () => {
    const lines = messageLines('first\nsecond\nthird', 100, 2);
    expect(lines).toEqual(['first', `second${ELLIPSIS}`]);
  });

  it('turns control characters into spaces and drops blank lines at the end', () => {
    expect(messageLines('a\tb\n\n', 100, 5)).toEqual(['a b']);
  });
});
