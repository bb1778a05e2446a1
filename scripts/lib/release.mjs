// scripts/release: one esbuild bundle per daemon, its native externals installed for the target
// architecture, packed as release/out/mapio-<daemon>-<version>-linux-<arch>.tar.gz (+ .sha256).
// Layout of a tarball (the convention the units and recipes rely on):
//   mapio-<daemon>/main.js, main.js.map, package.json, assets/ (if the package has one), node_modules/
// and the web UI's static files, for every architecture: mapio-webserver-front-<version>.tar.gz
//   mapio-webserver-front/index.html, assets/
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { releaseBundlePlugins } from './release-bundle.mjs';
import { DAEMONS, RELEASE_ARCHES, tarballName, webUiTarballName } from './release-layout.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = path.join(root, 'release', 'out');
const workDir = path.join(root, 'release', 'work');

// Cross-building rpio needs the target's compiler; node-gyp takes them from these variables.
const CROSS_TOOLCHAIN = {
  x64: {},
  arm64: { CC: 'aarch64-linux-gnu-gcc', CXX: 'aarch64-linux-gnu-g++', LINK: 'aarch64-linux-gnu-g++', AR: 'aarch64-linux-gnu-ar' },
};

function usage(message) {
  process.stderr.write(`${message}\nusage: scripts/release [--arch x64|arm64|all]\n`);
  process.exit(64);
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

function run(binary, args, options = {}) {
  execFileSync(binary, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
}

/** The exact versions the workspace pins for the native externals (packages' dependencies). */
function pinnedVersion(dependency) {
  for (const daemon of DAEMONS) {
    for (const pkg of [daemon.package, ...daemon.nativeFrom]) {
      const version = readJson(path.join(root, 'packages', pkg, 'package.json')).dependencies?.[dependency];
      if (version) return version;
    }
  }
  throw new Error(`no workspace package pins ${dependency}`);
}

async function bundle(daemon, dir) {
  const result = await build({
    absWorkingDir: root,
    entryPoints: [path.join(root, 'packages', daemon.package, 'src', 'main.ts')],
    outfile: path.join(dir, 'main.js'),
    tsconfig: path.join(root, 'tsconfig.test.json'), // its paths point @mapio/* at the TypeScript sources
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // Identifiers are not mangled so stack traces and logged error names stay readable without the map.
    minifyWhitespace: true,
    minifySyntax: true,
    keepNames: true,
    sourcemap: true,
    sourcesContent: false,
    legalComments: 'linked',
    metafile: true,
    logLevel: 'warning',
    // Native addons come with the tarball's node_modules; ssh2's optional speed-ups are never built.
    // dbus-next's X11 session-bus transport is never used (RAUC is on the system bus): left unresolved.
    external: [...daemon.native, 'cpu-features', 'x11', '*.node'],
    plugins: releaseBundlePlugins,
  });
  return result.metafile;
}

function installNatives(daemon, arch, dir) {
  if (daemon.native.length === 0) return;
  const stage = path.join(workDir, `natives-${daemon.name}-${arch}`);
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  const dependencies = Object.fromEntries(daemon.native.map((name) => [name, pinnedVersion(name)]));
  writeFileSync(path.join(stage, 'package.json'), JSON.stringify({ name: 'stage', private: true, dependencies }, null, 2));
  // --os/--cpu/--libc pick the prebuilt sharp binaries of the target; install scripts never run here.
  run('npm', ['install', '--omit=dev', '--os=linux', `--cpu=${arch}`, '--libc=glibc', '--ignore-scripts', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error'], {
    cwd: stage,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (daemon.native.includes('rpio')) buildRpio(path.join(stage, 'node_modules', 'rpio'), arch);
  cpSync(path.join(stage, 'node_modules'), path.join(dir, 'node_modules'), { recursive: true });
}

function buildRpio(rpioDir, arch) {
  const nodeGyp = path.join(path.dirname(realpathSync(execFileSync('which', ['npm'], { encoding: 'utf8' }).trim())), '..', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  const nodedir = path.resolve(path.dirname(process.execPath), '..');
  try {
    execFileSync(process.execPath, [nodeGyp, 'rebuild', `--arch=${arch}`, `--nodedir=${nodedir}`, '--loglevel=error'], {
      cwd: rpioDir,
      env: { ...process.env, ...CROSS_TOOLCHAIN[arch] },
      stdio: 'pipe',
    });
  } catch (error) {
    // The compiler's warnings are noise on success; on failure they are the explanation.
    process.stderr.write(`${error.stdout ?? ''}${error.stderr ?? ''}`);
    throw new Error(`building rpio for ${arch} failed${arch === 'arm64' ? ' (needs g++-aarch64-linux-gnu)' : ''}`, { cause: error });
  }
  // Only the addon itself is needed at run time (bindings finds build/Release/rpio.node).
  const built = path.join(rpioDir, 'build', 'Release', 'rpio.node');
  const keep = readFileSync(built);
  rmSync(path.join(rpioDir, 'build'), { recursive: true, force: true });
  rmSync(path.join(rpioDir, 'src'), { recursive: true, force: true });
  mkdirSync(path.dirname(built), { recursive: true });
  writeFileSync(built, keep);
  rmSync(path.join(rpioDir, '..', 'nan'), { recursive: true, force: true });
}

function sha256(file) {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** Tars one daemon folder with fixed owner and times, so the same input gives the same checksum. */
function pack(stageRoot, folder, tarball) {
  const tar = tarball.replace(/\.gz$/, '');
  rmSync(tarball, { force: true });
  run('tar', ['--sort=name', '--owner=0', '--group=0', '--numeric-owner', '--mtime=@0', '-C', stageRoot, '-cf', tar, folder]);
  run('gzip', ['-n', '-9', tar]);
  const digest = sha256(tarball);
  writeFileSync(`${tarball}.sha256`, `${digest}  ${path.basename(tarball)}\n`);
  return digest;
}

/** meta-mapio/recipes-mapio/mapio-release.inc: what the recipes fetch and check (arm64 = the device). */
function writeReleaseInc(built) {
  const lines = [
    '# Written by scripts/release (do not edit): the release tarballs the mapio-* recipes install.',
    '# MAPIO_RELEASE_URL is where they are fetched from; set it in local.conf to your own release',
    '# location, or point MAPIO_RELEASE_DIR at a folder of tarballs (e.g. release/out of your own build).',
    'MAPIO_RELEASE_URL ??= "https://example.invalid/mapio/releases"',
    'MAPIO_RELEASE_DIR ??= ""',
    '',
  ];
  for (const { name, version, digest } of built) {
    const key = name.toUpperCase().replaceAll('-', '_');
    lines.push(`MAPIO_${key}_VERSION = "${version}"`, `MAPIO_${key}_SHA256 = "${digest}"`);
  }
  writeFileSync(path.join(root, 'meta-mapio', 'recipes-mapio', 'mapio-release.inc'), `${lines.join('\n')}\n`);
}

/** The web UI's static files, the same for every architecture: mapio-webserver-front-<version>.tar.gz. */
function releaseWebUi() {
  const pkg = readJson(path.join(root, 'packages', 'webserver-front', 'package.json'));
  run(process.execPath, [path.join(root, 'packages', 'webserver-front', 'bundle.mjs'), '--force']);
  const stageRoot = path.join(workDir, 'webserver-front');
  const folder = 'mapio-webserver-front';
  rmSync(stageRoot, { recursive: true, force: true });
  mkdirSync(stageRoot, { recursive: true });
  cpSync(path.join(root, 'packages', 'webserver-front', 'dist'), path.join(stageRoot, folder), { recursive: true });
  const tarball = path.join(outDir, webUiTarballName(pkg.version));
  const digest = pack(stageRoot, folder, tarball);
  process.stdout.write(`release: ${path.relative(root, tarball)}  ${digest.slice(0, 12)}\n`);
  return { name: 'webserver-front', version: pkg.version, digest };
}

async function main() {
  const { values } = parseArgs({ options: { arch: { type: 'string', default: 'all' } } });
  const arches = values.arch === 'all' ? RELEASE_ARCHES : [values.arch];
  if (!arches.every((arch) => RELEASE_ARCHES.includes(arch))) usage(`unknown --arch ${values.arch}`);
  mkdirSync(outDir, { recursive: true });
  const forDevice = [];
  for (const daemon of DAEMONS) {
    const pkg = readJson(path.join(root, 'packages', daemon.package, 'package.json'));
    const stageRoot = path.join(workDir, daemon.name);
    const folder = `mapio-${daemon.name}`;
    const dir = path.join(stageRoot, folder);
    rmSync(stageRoot, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const started = performance.now();
    const metafile = await bundle(daemon, dir);
    const bytes = Object.values(metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
    writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: folder, version: pkg.version, private: true }, null, 2)}\n`);
    const assets = path.join(root, 'packages', daemon.package, 'assets');
    if (existsSync(assets)) cpSync(assets, path.join(dir, 'assets'), { recursive: true });
    for (const arch of arches) {
      rmSync(path.join(dir, 'node_modules'), { recursive: true, force: true });
      installNatives(daemon, arch, dir);
      const tarball = path.join(outDir, tarballName(daemon.name, pkg.version, arch));
      const digest = pack(stageRoot, folder, tarball);
      if (arch === 'arm64') forDevice.push({ name: daemon.name, version: pkg.version, digest });
      process.stdout.write(`release: ${path.relative(root, tarball)}  ${digest.slice(0, 12)}  bundle ${(bytes / 1024).toFixed(0)} kB  ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    }
  }
  const webUi = releaseWebUi();
  if (forDevice.length === DAEMONS.length) writeReleaseInc([...forDevice, webUi]);
  rmSync(workDir, { recursive: true, force: true });
}

await main();
