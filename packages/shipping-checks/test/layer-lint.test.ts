import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '@mapio/testkit';
import { bitbakeAssignments } from './support/bitbake-file';
import { calledTools } from './support/called-tools';
import { composeDir, layerDir, unitsDir } from './support/repo';

const DAEMONS = ['init', 'display', 'gpio-ha', 'webserver-back'];

/**
 * The Yocto package that brings each program the daemons run. A program found in the code but not
 * here fails the check below: add it with its package, and the package to the daemon's RDEPENDS.
 */
const TOOL_PACKAGES: Record<string, string> = {
  gpioget: 'libgpiod-tools',
  gpioset: 'libgpiod-tools',
  gpiomon: 'libgpiod-tools',
  vcgencmd: 'raspi-utils',
  stty: 'coreutils',
  mkfifo: 'coreutils',
  docker: 'docker-moby',
  'docker-compose': 'docker-compose',
  rauc: 'rauc',
  sfdisk: 'util-linux-sfdisk',
  partx: 'util-linux-partx',
  lsblk: 'util-linux-lsblk',
  resize2fs: 'e2fsprogs-resize2fs',
  e2fsck: 'e2fsprogs-e2fsck',
  blkid: 'util-linux-blkid',
  flock: 'util-linux-flock',
  cat: 'coreutils',
  'ssh-keygen': 'openssh-keygen',
  iw: 'iw',
  wpa_passphrase: 'wpa-supplicant',
  wpa_cli: 'wpa-supplicant',
  ip: 'iproute2',
  systemctl: 'systemd',
  journalctl: 'systemd',
};

interface LayerFile {
  file: string;
  text: string;
  values: Map<string, string>;
}

function layerFiles(dir = layerDir): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const file = path.join(dir, entry);
    if (statSync(file).isDirectory()) return layerFiles(file);
    return /\.(bb|bbappend|inc)$/.test(file) ? [file] : [];
  });
}

/** A recipe with the files it `require`s folded in (they are found on BBPATH, i.e. the layer's top). */
function readRecipe(file: string): LayerFile {
  let text = readFileSync(file, 'utf8');
  for (const match of text.matchAll(/^require\s+(\S+)$/gm)) {
    const included = path.join(layerDir, match[1] ?? '');
    text = `${readRecipe(included).text}\n${text}`;
  }
  return { file, text, values: bitbakeAssignments(text) };
}

/** The layer's variables that point outside a recipe's folder (conf/layer.conf). */
const layerVariables: Record<string, string> = {
  MAPIO_UNITS_DIR: unitsDir,
  MAPIO_COMPOSE_DIR: composeDir,
};

/** Where bitbake looks for a recipe's file:// entries: FILESEXTRAPATHS, then files/ and <PN>/ beside it. */
function searchPaths(recipe: LayerFile): string[] {
  const here = path.dirname(recipe.file);
  const extra = [...recipe.text.matchAll(/^FILESEXTRAPATHS:prepend\s*:=\s*"([^"]*)"/gm)].flatMap((match) =>
    (match[1] ?? '')
      .split(':')
      .filter(Boolean)
      .map((entry) => entry.replace('${THISDIR}', here).replace(/\$\{(\w+)\}/g, (whole, name: string) => layerVariables[name] ?? whole)),
  );
  const pn = path.basename(recipe.file).replace(/(_[^_]*)?\.(bb|bbappend)$/, '');
  return [...extra, path.join(here, 'files'), path.join(here, pn), here];
}

const recipes = layerFiles()
  .filter((file) => !file.endsWith('.inc'))
  .map(readRecipe);
const named = (name: string) => {
  const recipe = recipes.find((candidate) => path.basename(candidate.file) === name);
  if (!recipe) throw new Error(`meta-mapio has no ${name}`);
  return recipe;
};

describe('meta-mapio layer lint', () => {
  it('declares scarthgap and the layers it builds on', () => {
    const conf = bitbakeAssignments(readFileSync(path.join(layerDir, 'conf', 'layer.conf'), 'utf8'));
    expect(conf.get('LAYERSERIES_COMPAT_mapio')).toBe('scarthgap');
    expect(conf.get('LAYERDEPENDS_mapio')?.split(' ').sort()).toEqual(
      ['core', 'raspberrypi', 'openembedded-layer', 'networking-layer', 'virtualization-layer', 'rauc'].sort(),
    );
  });

  it.each(recipes.map((recipe) => [path.relative(layerDir, recipe.file), recipe] as const))('%s: every file:// in SRC_URI exists', (_name, recipe) => {
    // (`'file://' + ...` in inline python builds entries from other variables: checked with the units below.)
    const entries = [...recipe.text.matchAll(/file:\/\/([^\s;"']+)/g)].map((match) => match[1] ?? '');
    // Paths made of a variable are the signing keys and the local release folder: not files of the layer.
    for (const entry of entries.filter((item) => !item.startsWith('${'))) {
      const found = searchPaths(recipe).some((dir) => existsSync(path.join(dir, entry)));
      expect([entry, found]).toEqual([entry, true]);
    }
  });

  it.each(recipes.filter((recipe) => recipe.file.endsWith('.bb')).map((recipe) => [path.basename(recipe.file), recipe] as const))(
    '%s has a LICENSE and LIC_FILES_CHKSUM',
    (_name, recipe) => {
      expect(recipe.values.get('LICENSE')).toMatch(/\S/);
      expect(recipe.values.get('LIC_FILES_CHKSUM')).toMatch(/file:\/\/\S+;md5=[0-9a-f]{32}/);
    },
  );

  it('has a recipe per daemon, each installing its release tarball with a checksum', () => {
    for (const daemon of DAEMONS) {
      const recipe = named(`mapio-${daemon}.bb`);
      expect(recipe.values.get('MAPIO_DAEMON')).toBe(daemon);
      expect(recipe.text).toContain('SRC_URI[release.sha256sum]');
      const release = bitbakeAssignments(readFileSync(path.join(layerDir, 'recipes-mapio', 'mapio-release.inc'), 'utf8'));
      expect(release.get(`MAPIO_${daemon.toUpperCase().replace('-', '_')}_SHA256`)).toMatch(/^[0-9a-f]{64}$/);
    }
    // The web UI's static files get their recipe once their package exists.
    if (existsSync(path.join(repoRoot, 'packages', 'webserver-front'))) named('mapio-webserver-front.bb');
  });

  it.each(recipes.filter((recipe) => recipe.text.includes('SYSTEMD_SERVICE')).map((recipe) => [path.basename(recipe.file), recipe] as const))(
    '%s installs every unit its SYSTEMD_SERVICE names',
    (_name, recipe) => {
      const expand = (text: string) => text.replace(/\$\{(\w+)\}/g, (whole, name: string) => recipe.values.get(name) ?? whole);
      const units = [...recipe.text.matchAll(/^SYSTEMD_SERVICE:\$\{PN\}\s*\??\+?=\s*"([^"]*)"/gm)].flatMap((match) => expand(match[1] ?? '').split(/\s+/).filter(Boolean));
      const effective = expand(recipe.values.get('SYSTEMD_SERVICE:${PN}') ?? '').split(/\s+/);
      const install = recipe.text.slice(recipe.text.indexOf('do_install'));
      for (const unit of units.filter((name) => effective.includes(name) || recipe.file.endsWith('.bbappend'))) {
        // Installed by name, or by the shared loop over SYSTEMD_SERVICE (mapio-daemon.inc), from a file that exists.
        const installed = install.includes(unit) || install.includes('for unit in ${SYSTEMD_SERVICE:${PN}}');
        const source = searchPaths(recipe).some((dir) => existsSync(path.join(dir, unit)));
        expect([unit, installed, source]).toEqual([unit, true, true]);
      }
    },
  );

  it.each(DAEMONS)('mapio-%s RDEPENDS on every program its code runs', (daemon) => {
    const tools = calledTools(daemon);
    const rdepends = new Set(
      [...named(`mapio-${daemon}.bb`).text.matchAll(/^RDEPENDS:\$\{PN\}\s*\+?=\s*"([^"]*)"/gm)].flatMap((match) => (match[1] ?? '').split(/\s+/)),
    );
    expect(rdepends.has('nodejs')).toBe(true);
    for (const tool of tools) {
      expect([tool, TOOL_PACKAGES[tool] ?? 'not in TOOL_PACKAGES']).toEqual([tool, expect.not.stringMatching(/not in/)]);
      expect([tool, rdepends.has(TOOL_PACKAGES[tool] ?? '')]).toEqual([tool, true]);
    }
  });

  it.each(DAEMONS)("mapio-%s's recipe creates the user and groups its unit runs with", (daemon) => {
    const unit = readFileSync(path.join(unitsDir, `mapio-${daemon}.service`), 'utf8');
    const user = /^User=(\S+)$/m.exec(unit)?.[1];
    if (user === 'root') return;
    const useradd = named(`mapio-${daemon}.bb`).values.get('USERADD_PARAM:${PN}') ?? '';
    expect(useradd.split(/\s+/).at(-1)).toBe(user);
    const groups = /--groups (\S+)/.exec(useradd)?.[1]?.split(',') ?? [];
    for (const group of /^SupplementaryGroups=(.*)$/m.exec(unit)?.[1]?.split(/\s+/) ?? []) expect([group, groups.includes(group)]).toEqual([group, true]);
  });

  it('reads the programs from the code (so the check above checks something)', () => {
    expect([...calledTools('display')]).toEqual(expect.arrayContaining(['gpiomon', 'gpioset']));
    expect([...calledTools('display')]).not.toContain('fc-match'); // its font ships inside the package
    expect([...calledTools('gpio-ha')]).toEqual(expect.arrayContaining(['vcgencmd', 'stty', 'gpioget']));
    expect([...calledTools('webserver-back')]).toEqual(expect.arrayContaining(['docker', 'docker-compose']));
  });
});
