/**
 * Database suite: `test/db/**\/*.db-spec.ts`, against a real database chosen by ANXIN_TEST_DB
 * (sqlite | mariadb). Each test file gets its own fresh database. `npm test` runs it once per engine. The global setup
 * migrates one database that the in-process apps' databases are copied from (test/support/schema-template.ts).
 */
module.exports = {
  displayName: `server-db-${process.env.ANXIN_TEST_DB || 'sqlite'}`,
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['<rootDir>/test/db'],
  testMatch: ['**/*.db-spec.ts'],
  transform: require('./jest.swc.js'),
  moduleNameMapper: { '^@anxin/shared$': '<rootDir>/../shared/src/index.ts' },
  testTimeout: 60000,
  globalSetup: '<rootDir>/test/support/db-suite-setup.ts',
  globalTeardown: '<rootDir>/test/support/db-suite-teardown.ts',
};
