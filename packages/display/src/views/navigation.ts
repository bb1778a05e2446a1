import type { PagePosition, PageName } from './view-data';

const CYCLE: readonly PageName[] = ['home', 'system', 'webserver', 'status', 'custom'];

/** The pages DOWN / UP cycle through; CUSTOM only while its picture exists. */
export function availablePages(customAvailable: boolean): PageName[] {
  return CYCLE.filter((page) => page !== 'custom' || customAvailable);
}

/**
 * DOWN = next page, UP = previous, wrapping around. Steps along the full cycle, so leaving a page
 * that went away (CUSTOM after its picture was deleted) still lands on its neighbour.
 */
export function turnPage(current: PageName, direction: 'next' | 'previous', pages: readonly PageName[]): PageName {
  const step = direction === 'next' ? 1 : -1;
  let index = CYCLE.indexOf(current);
  for (let i = 0; i < CYCLE.length; i++) {
    index = (index + step + CYCLE.length) % CYCLE.length;
    const page = CYCLE[index];
    if (page !== undefined && pages.includes(page)) return page;
  }
  return 'home';
}

export function pagePosition(page: PageName, pages: readonly PageName[]): PagePosition {
  return { index: pages.indexOf(page) + 1, count: pages.length };
}
