/** Unit tests: `*.spec.ts` beside the code. No database, no network. */
module.exports = {
  displayName: 'server-unit',
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['<rootDir>/src'],
  testMatch: ['**/*.spec.ts'],
  transform: require('./jest.swc.js'),
  moduleNameMapper: { '^@anxin/shared$': '<rootDir>/../shared/src/index.ts' },
};
