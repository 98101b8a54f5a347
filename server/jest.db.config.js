/**
 * Database suite: `test/db/**\/*.db-spec.ts`, against a real database chosen by ANXIN_TEST_DB
 * (sqlite | mariadb). Each test file gets its own fresh database. `npm test` runs it once per engine.
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
};
