// Unit tests of the mini-program: jsdom + Testing Library, with small stand-ins for @tarojs/taro and
// @tarojs/components (real Taro components do not boot in jsdom). See test/stubs/.
// NODE_ENV=production (used by the build scripts) must not reach jest: React's act() needs the dev build.
process.env.NODE_ENV = 'test';

module.exports = {
  rootDir: __dirname,
  testEnvironment: 'jsdom',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  setupFiles: ['<rootDir>/test/setup.ts'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', {
      jsc: {
        parser: { syntax: 'typescript', tsx: true },
        transform: { react: { runtime: 'automatic' } },
        target: 'es2022',
      },
      module: { type: 'commonjs' },
    }],
  },
  moduleNameMapper: {
    '^@tarojs/taro$': '<rootDir>/test/stubs/taro.ts',
    '^@tarojs/components$': '<rootDir>/test/stubs/components.tsx',
    '^@anxin/shared$': '<rootDir>/../shared/src/index.ts',
    '\\.(css|scss)$': '<rootDir>/test/stubs/style.ts',
  },
};
