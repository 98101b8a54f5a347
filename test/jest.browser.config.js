// Browser e2e: the h5 build, served by a real server process on a temp SQLite, driven by playwright-core and
// Debian Chromium. Run with --runInBand (one browser, one server at a time).
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/browser/**/*.browser-spec.ts'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  // Building the server or the h5 app on a cold checkout takes a minute; the flow itself ~30 s.
  testTimeout: 240_000,
};
