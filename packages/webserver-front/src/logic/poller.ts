import { onBeforeUnmount, onMounted } from 'vue';

/**
 * Calls `load` now and every `everyMs` while the component is mounted and the page is visible (a
 * phone in a pocket asks nothing). One call at a time: a slow answer is never overtaken.
 */
export function usePolling(load: () => Promise<unknown>, everyMs: number): { refresh: () => Promise<void> } {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;

  const refresh = (): Promise<void> => {
    running ??= load()
      .then(() => undefined, () => undefined)
      .finally(() => {
        running = null;
      });
    return running;
  };
  const loop = async () => {
    if (stopped) return;
    if (document.visibilityState === 'visible') await refresh();
    if (!stopped) timer = setTimeout(() => void loop(), everyMs);
  };
  const onVisible = () => {
    if (document.visibilityState === 'visible') void refresh();
  };
  onMounted(() => {
    document.addEventListener('visibilitychange', onVisible);
    void loop();
  });
  onBeforeUnmount(() => {
    stopped = true;
    if (timer) clearTimeout(timer);
    document.removeEventListener('visibilitychange', onVisible);
  });
  return { refresh };
}
