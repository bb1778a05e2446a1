/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "node-addons"]}
 */
import { createApp, h, nextTick } from 'vue';
import { ApiFailure } from '../src/api/http';
import AnsiLine from '../src/components/AnsiLine.vue';
import NoticeList from '../src/components/NoticeList.vue';
import { attempt, notices } from '../src/logic/notices';

function mount(component: object, props: Record<string, unknown> = {}): HTMLElement {
  const root = document.createElement('div');
  document.body.append(root);
  createApp({ render: () => h(component, props) }).mount(root);
  return root;
}

describe('a log line on the page', () => {
  it('is text: markup in a log line never becomes an element', () => {
    const root = mount(AnsiLine, { text: '\x1b[31m<img src=x onerror="window.hacked=1">\x1b[0m done' });
    expect(root.querySelector('img')).toBeNull();
    expect(root.textContent).toBe('<img src=x onerror="window.hacked=1"> done');
    const [red] = [...root.querySelectorAll('span')];
    expect(red?.style.color).toBe('rgb(205, 49, 49)');
  });
});

describe('failures are shown, never silent', () => {
  afterEach(() => notices.list.splice(0));

  it("shows the server's envelope message for a failed action", async () => {
    const root = mount(NoticeList);
    await attempt('Update homeassistant', () => Promise.reject(new ApiFailure('homeassistant has a running update job (42): wait for it to finish', 409, 'conflict')));
    await nextTick();
    expect(root.querySelector('[role="alert"]')?.textContent).toContain('Update homeassistant: homeassistant has a running update job (42): wait for it to finish');
  });

  it('a 401 is not a notice: the app shows the pairing page instead', async () => {
    const root = mount(NoticeList);
    await attempt('Listing services', () => Promise.reject(new ApiFailure('pair first', 401, 'unauthorized')));
    await nextTick();
    expect(root.querySelector('[role="alert"]')).toBeNull();
  });

  it('a dismissed notice goes away', async () => {
    const root = mount(NoticeList);
    await attempt('Stop', () => Promise.reject(new Error('boom')));
    await nextTick();
    (root.querySelector('button[aria-label="Dismiss"]') as HTMLButtonElement).click();
    await nextTick();
    expect(root.querySelector('[role="alert"]')).toBeNull();
  });
});
