/**
 * One jest run for the whole workspace. Tests import workspace packages from their TypeScript sources
 * (no build needed for unit tests); tests that spawn a daemon use its built `dist/main.js`, which
 * `scripts/test` builds first.
 * @type {import('jest').Config}
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/packages'],
  testMatch: ['**/test/**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }],
    // The web UI's components (component tests run them in jsdom).
    '^.+\\.vue$': '<rootDir>/packages/webserver-front/test/support/vue-sfc-transform.cjs',
  },
  moduleFileExtensions: ['ts', 'js', 'cjs', 'mjs', 'json', 'vue', 'node'],
  moduleNameMapper: {
    '\\.css$': '<rootDir>/packages/webserver-front/test/support/no-style.cjs',
    '^@mapio/([a-z-]+)$': '<rootDir>/packages/$1/src/index.ts',
  },
  globalSetup: '<rootDir>/packages/testkit/src/jest-global-setup.ts',
  // Kills what testkit spawned and a suite left running, and fails the run if there was any.
  globalTeardown: '<rootDir>/packages/testkit/src/jest-global-teardown.ts',
  // Waits for events have generous ceilings (testkit WAIT_CEILING_MS): a test may take long on a loaded machine.
  testTimeout: 60000,
  // Suites start their own mosquitto / dockerd; two workers keep this 2-core machine responsive.
  maxWorkers: 2,
};
