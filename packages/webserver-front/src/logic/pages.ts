/** The app's pages, addressed by the URL's hash (`#/services`), so a reload stays on the page. */
export const PAGES = [
  { id: 'services', title: 'Services' },
  { id: 'create', title: 'New service' },
  { id: 'ports', title: 'Ports' },
  { id: 'os-update', title: 'OS update' },
  { id: 'ssh', title: 'SSH keys' },
  { id: 'wifi', title: 'Wi-Fi' },
  { id: 'system', title: 'System' },
] as const;

export type PageId = (typeof PAGES)[number]['id'];

export function pageFromHash(hash: string): PageId {
  const id = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return PAGES.find((page) => page.id === id)?.id ?? 'services';
}
