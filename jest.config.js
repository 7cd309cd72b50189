// Two projects: unit specs live beside the code, end-to-end specs in test/.
// SWC transpiles (no type check here; `npm run typecheck` and CI do that).
const fs = require('node:fs');
const swc = JSON.parse(fs.readFileSync(`${__dirname}/.swcrc`, 'utf8'));
const transform = { '^.+\\.ts$': ['@swc/jest', { ...swc, swcrc: false }] };
const moduleNameMapper = {
  '^@app/(sip|scoring|config|observability|contracts|embedded)$': '<rootDir>/libs/$1/src',
};
const common = { transform, moduleNameMapper, testEnvironment: 'node', rootDir: __dirname };

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/support/e2e-setup.ts'],
      // One embedded Apache Kafka broker per run (KAFKA.md §1); KAFKA_TEST_BROKERS reuses one.
      globalSetup: '<rootDir>/test/support/kafka-global-setup.ts',
      globalTeardown: '<rootDir>/test/support/kafka-global-teardown.ts',
    },
  ],
};
