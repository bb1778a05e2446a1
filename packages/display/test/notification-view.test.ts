import { ScreenRenderer } from '../src/render/screen-renderer';
import { charactersThatFit, ELLIPSIS } from '../src/render/text-fit';
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
  const perLine = charactersThatFit(100, 14);

  it('keeps words whole and the message\'s own line breaks', () => {
    const lines = messageLines('Front door open\nBack door closed', 100, 14, 5);
    expect(lines.slice(0, 2)).toEqual(['Front door', 'open']);
    expect(lines).toContain('Back door');
    for (const line of lines) expect(Array.from(line).length).toBeLessThanOrEqual(perLine);
  });

  it('cuts a word longer than a line', () => {
    const word = 'x'.repeat(perLine * 2 + 3);
    expect(messageLines(word, 100, 14, 5)).toEqual(['x'.repeat(perLine), 'x'.repeat(perLine), 'xxx']);
  });

  it('shows at most the lines that fit, the last one ending in an ellipsis', () => {
    const lines = messageLines('one two three four five six seven eight nine ten', 40, 14, 3);
    expect(lines).toHaveLength(3);
    expect(lines[2]?.endsWith(ELLIPSIS)).toBe(true);
  });

  it('turns control characters into spaces and drops blank lines at the end', () => {
    expect(messageLines('a\tb\n\n', 100, 14, 5)).toEqual(['a b']);
  });
});
