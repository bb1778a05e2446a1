import { failureOf } from './http';

/**
 * Trades the short code shown on the box's screen for a session cookie: `/pair` answers with a
 * redirect and the cookie when the code is right. The redirect is not followed (it leads to this page).
 */
export async function pair(code: string): Promise<void> {
  const response = await fetch(`/pair?code=${encodeURIComponent(code)}`, { redirect: 'manual', credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (response.type === 'opaqueredirect' || response.ok) return;
  throw await failureOf(response);
}
