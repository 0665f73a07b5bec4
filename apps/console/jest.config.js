module.exports = {
  ...require('../../jest.preset.js'),
  // The console has no src/: its server code lives in lib/ (Next owns app/).
  testMatch: ['<rootDir>/lib/**/*.spec.ts'],
};
