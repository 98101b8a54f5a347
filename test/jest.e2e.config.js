/**
 * API e2e: `e2e/**\/*.e2e-spec.ts`, against real server processes (`node server/dist/main.js`) over HTTP.
 * `npm test` builds the server first; run `npm run build -w @anxin/server` before running this alone.
 */
module.exports = {
  displayName: 'e2e',
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['<rootDir>/e2e'],
  testMatch: ['**/*.e2e-spec.ts'],
  transform: require('../server/jest.swc.js'),
  moduleNameMapper: { '^@anxin/shared$': '<rootDir>/../shared/src/index.ts' },
  testTimeout: 180000,
  // Decides once whether the MariaDB suites run (skipped, and counted so, when it is unreachable outside CI).
  globalSetup: '<rootDir>/e2e/support/mariadb-probe.js',
};
