import type { PagePosition, PageName } from './view-data';

const CYCLE: readonly PageName[] = ['home', 'system', 'webserver', 'status', 'custom'];

/** The pages DOWN / UP cycle through; CUSTOM only while its picture exists. */
export function availablePages(customAvailable: boolean): PageName[] {
  return CYCLE.filter((page) => page !== 'custom' || customAvailable);
}

/** DOWN = next page, UP = previous, wrapping around. A page that went away counts as HOME. */
export function turnPage(current: PageName, direction: 'next' | 'previous', pages: readonly PageName[]): PageName {
  const index = Math.max(0, pages.indexOf(current));
  const step = direction === 'next' ? 1 : -1;
  return pages[(index + step + pages.length) % pages.length] ?? 'home';
}

export function pagePosition(page: PageName, pages: readonly PageName[]): PagePosition {
  return { index: pages.indexOf(page) + 1, count: pages.length };
}
