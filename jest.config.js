const { readFileSync } = require('node:fs');

const swc = JSON.parse(readFileSync(`${__dirname}/.swcrc.jest.json`, 'utf8'));
delete swc.$schema;

/** Unit specs next to the code and end-to-end specs under test/, in one run. */
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['@swc/jest', swc],
    '^.+/node_modules/.+\\.m?js$': '<rootDir>/test/esm-transformer.js',
  },
  transformIgnorePatterns: [],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@app/common$': '<rootDir>/libs/common/src',
    '^@app/common/(.*)$': '<rootDir>/libs/common/src/$1',
    '^@app/database$': '<rootDir>/libs/database/src',
    '^@app/database/(.*)$': '<rootDir>/libs/database/src/$1',
    '^@app/pdf$': '<rootDir>/libs/pdf/src',
    '^@app/pdf/(.*)$': '<rootDir>/libs/pdf/src/$1',
  },
  testRegex: '(src|libs|test)/.*\\.(spec|e2e-spec)\\.ts$',
  globalSetup: '<rootDir>/test/global-setup.ts',
  setupFiles: ['reflect-metadata'],
  maxWorkers: 2,
  testTimeout: 30000,
};
