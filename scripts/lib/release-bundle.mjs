// The esbuild plugins of a release bundle: leave out what a daemon never runs, so the bundle the
// device loads and parses at start is smaller (issue 11, footprint).
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

// Transports and features of libraries the daemons never use: they speak to the Engine's unix socket
// only, never build images, and reach the broker directly (each was loaded at start: idle RSS).
const UNSHIPPED = {
  ssh2: 'dockerode ssh:// transport; MAPIO talks to the Docker Engine over its unix socket',
  '@grpc/grpc-js': 'dockerode BuildKit sessions; MAPIO never builds images',
  '@grpc/proto-loader': 'dockerode BuildKit sessions; MAPIO never builds images',
  protobufjs: 'dockerode BuildKit progress; MAPIO never builds images',
  'tar-fs': 'dockerode image build contexts; MAPIO never builds images',
  '@balena/dockerignore': 'dockerode image build contexts; MAPIO never builds images',
  socks: 'mqtt.js SOCKS proxy (MQTTJS_SOCKS_PROXY); MAPIO daemons reach the broker directly',
};

/** Each module of UNSHIPPED becomes a stub that loads and throws a clear error when first used. */
const unshippedModules = {
  name: 'unshipped-modules',
  setup(build) {
    const filter = new RegExp(`^(${Object.keys(UNSHIPPED).map((name) => name.replace(/[/.]/g, '\\$&')).join('|')})$`);
    build.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'unshipped' }));
    build.onLoad({ filter: /.*/, namespace: 'unshipped' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(path.join(here, 'unshipped-module.cjs'))})(${JSON.stringify(args.path)}, ${JSON.stringify(UNSHIPPED[args.path])});`,
      loader: 'js',
      resolveDir: here,
    }));
  },
};

/**
 * zod re-exports its ~50 locales from its namespace objects (`z.locales`, `z.core.locales`), so a
 * bundler keeps them all; the daemons only use the English messages zod configures by default.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      /[/\\]zod[/\\]v4[/\\]/.test(args.importer)
        ? { path: path.resolve(args.resolveDir, args.path), namespace: 'zod-locales' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: 'export { default as en } from "./en.js";',
      loader: 'js',
      resolveDir: path.dirname(args.path),
    }));
  },
};

/** The display only calls `QRCode.create`: qrcode's core, without its PNG/SVG/terminal renderers and pngjs. */
const qrcodeCoreOnly = {
  name: 'qrcode-core-only',
  setup(build) {
    build.onResolve({ filter: /^qrcode$/ }, (args) =>
      build.resolve('qrcode/lib/core/qrcode.js', { resolveDir: args.resolveDir, kind: args.kind, importer: args.importer }),
    );
  },
};

export const releaseBundlePlugins = [unshippedModules, zodEnglishOnly, qrcodeCoreOnly];
