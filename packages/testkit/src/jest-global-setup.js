// Tests that spawn daemons run their built dist/main.js: say so clearly when the build is missing.
const { existsSync } = require('node:fs');
const path = require('node:path');

module.exports = async function globalSetup() {
  const root = path.resolve(__dirname, '../../..');
  const missing = ['runtime', 'init', 'display', 'gpio-ha', 'webserver-back']
    .map((pkg) => path.join(root, 'packages', pkg, 'dist'))
    .filter((dir) => !existsSync(dir));
  if (missing.length > 0) {
    throw new Error(`build output missing (${missing.join(', ')}): run scripts/test, or pnpm build first`);
  }
};
