// The README's pictures of the display: docs/screens/<view>.png, the goldens of a few views
// upscaled 2x nearest-neighbour (each panel pixel a 2x2 block, as sharp as on the panel).
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const sharp = createRequire(path.join(root, 'packages', 'display', 'package.json'))('sharp');
const goldens = path.join(root, 'packages', 'display', 'test', 'goldens');
const out = path.join(root, 'docs', 'screens');

const SHOWN = ['home', 'system', 'webserver', 'webserver-access-point', 'status', 'status-on-battery', 'ota', 'ota-failed', 'init'];

mkdirSync(out, { recursive: true });
for (const name of SHOWN) {
  await sharp(path.join(goldens, `${name}.png`))
    .resize(500, 244, { kernel: 'nearest' })
    .png({ palette: true, colours: 2 })
    .toFile(path.join(out, `${name}.png`));
}
console.log(`screens-from-goldens: ${SHOWN.length} pictures in docs/screens`);
