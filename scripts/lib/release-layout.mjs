// What scripts/release builds, shared with the shipping checks (tarball names, native externals).

/** package: folder under packages/; native: externals shipped in node_modules; nativeFrom: packages pinning them. */
export const DAEMONS = [
  { name: 'init', package: 'init', native: [], nativeFrom: [] },
  { name: 'display', package: 'display', native: ['sharp', 'rpio'], nativeFrom: ['hal'] },
  { name: 'gpio-ha', package: 'gpio-ha', native: ['rpio'], nativeFrom: ['hal'] },
  { name: 'webserver-back', package: 'webserver-back', native: [], nativeFrom: [] },
];

export const RELEASE_ARCHES = ['x64', 'arm64'];

export function tarballName(daemon, version, arch) {
  return `mapio-${daemon}-${version}-linux-${arch}.tar.gz`;
}
