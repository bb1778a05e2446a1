import { reactive } from 'vue';
import { ApiFailure } from '../api/http';

export interface Notice {
  id: number;
  kind: 'error' | 'info';
  text: string;
}

/** Messages shown to the owner at the top of the page: every failure ends up here, none is silent. */
export const notices = reactive<{ list: Notice[] }>({ list: [] });
let nextId = 1;

export function notify(kind: Notice['kind'], text: string): void {
  const id = nextId++;
  notices.list.push({ id, kind, text });
  if (kind === 'info') setTimeout(() => dismiss(id), 6000);
}

export function dismiss(id: number): void {
  const index = notices.list.findIndex((notice) => notice.id === id);
  if (index >= 0) notices.list.splice(index, 1);
}

/** The words to show for any error: the server's message for API failures. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiFailure) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Runs an action the owner asked for; a failure becomes a notice (401s lead to the pairing page instead). */
export async function attempt<T>(what: string, action: () => Promise<T>): Promise<T | undefined> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof ApiFailure && error.status === 401) return undefined;
    notify('error', `${what}: ${messageOf(error)}`);
    return undefined;
  }
}
