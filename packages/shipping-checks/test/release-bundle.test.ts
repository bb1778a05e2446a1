import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '@mapio/testkit';

// scripts/lib/release-bundle.mjs is ESM: it runs in a node child, as scripts/release runs it.
const BUILD_MS = 120_000;

interface Bundled {
  inputs: string[];
  output: string;
}

/** Bundles `source` (resolved from packages/<pkg>/src) with the release plugins, runs it, returns its inputs and stdout. */
function bundleAndRun(pkg: string, source: string, outfile: string): Bundled {
  const script = `
    import { build } from 'esbuild';
    import { releaseBundlePlugins } from ${JSON.stringify(path.join(repoRoot, 'scripts/lib/release-bundle.mjs'))};
    const result = await build({
      stdin: { contents: ${JSON.stringify(source)}, resolveDir: ${JSON.stringify(path.join(repoRoot, 'packages', pkg, 'src'))}, loader: 'ts' },
      outfile: ${JSON.stringify(outfile)}, bundle: true, platform: 'node', format: 'cjs', metafile: true, logLevel: 'error',
      external: ['sharp', 'rpio', 'cpu-features', '*.node'], plugins: releaseBundlePlugins,
    });
    process.stdout.write(JSON.stringify(Object.keys(result.metafile.inputs)));`;
  const inputs = JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8' })) as string[];
  const output = execFileSync(process.execPath, [outfile], { encoding: 'utf8', timeout: BUILD_MS });
  return { inputs, output };
}

describe('release bundles leave out what the daemons never run', () => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'mapio-release-bundle-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it(
    'dockerode loads without ssh2 / grpc / protobufjs, and its ssh transport fails naming the missing module',
    () => {
      const { inputs, output } = bundleAndRun(
        'webserver-back',
        `import Docker from 'dockerode';
         new Docker({ protocol: 'ssh', host: '127.0.0.1', port: 1 }).ping().then(
           () => console.log('answered'),
           (error: Error) => console.log(error.message),
         );`,
        path.join(scratch, 'docker.js'),
      );
      expect(inputs.filter((file) => /node_modules\/(ssh2|@grpc\/grpc-js|@grpc\/proto-loader|protobufjs|tar-fs|@balena\/dockerignore)\//.test(file))).toEqual([]);
      expect(inputs.some((file) => file.includes('node_modules/dockerode/'))).toBe(true);
      expect(output).toContain('ssh2 is not shipped in this MAPIO release bundle');
    },
    BUILD_MS,
  );

  it(
    'mqtt.js loads without socks (its SOCKS proxy support), whose stand-in throws naming the missing module',
    () => {
      // mqtt.js swallows a proxy failure (the stream closes, the error goes to its debug log): so
      // the stand-in is checked directly; release-smoke proves the bundled daemons reach the broker.
      const { inputs, output } = bundleAndRun(
        'runtime',
        `import mqtt from 'mqtt';
         // required as mqtt.js requires it (CommonJS), not through an ES import's interop
         const { SocksClient } = require('socks');
         console.log(typeof mqtt.connect);
         try { new SocksClient({}); } catch (error) { console.log((error as Error).message); }`,
        path.join(scratch, 'mqtt.js'),
      );
      expect(inputs.filter((file) => /node_modules\/(socks|ip-address|smart-buffer)\//.test(file))).toEqual([]);
      expect(inputs.some((file) => file.includes('node_modules/mqtt/'))).toBe(true);
      expect(output).toContain('function\nsocks is not shipped in this MAPIO release bundle (mqtt.js SOCKS proxy');
    },
    BUILD_MS,
  );

  it(
    "zod keeps its English messages only, and still says what failed",
    () => {
      const { inputs, output } = bundleAndRun(
        'runtime',
        `import { z } from 'zod';
         console.log(z.object({ port: z.number() }).safeParse({ port: 'x' }).error?.issues[0]?.message);`,
        path.join(scratch, 'zod.js'),
      );
      const locales = inputs.filter((file) => /zod\/v4\/locales\/(?!index\.js)[^/]+\.js$/.test(file)).map((file) => path.basename(file));
      expect(locales).toEqual(['en.js']);
      expect(output.trim()).toBe('Invalid input: expected number, received string');
    },
    BUILD_MS,
  );

  it(
    "qrcode is its core: QRCode.create works, without its renderers or pngjs",
    () => {
      const { inputs, output } = bundleAndRun(
        'display',
        `import QRCode from 'qrcode';
         console.log(QRCode.create('MAPIO', { errorCorrectionLevel: 'M' }).modules.size);`,
        path.join(scratch, 'qr.js'),
      );
      expect(inputs.filter((file) => /qrcode\/lib\/renderer\/|node_modules\/pngjs\//.test(file))).toEqual([]);
      expect(output.trim()).toBe('21');
    },
    BUILD_MS,
  );
});
