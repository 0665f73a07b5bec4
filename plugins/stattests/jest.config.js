const preset = require('../../jest.preset.js');

// Also runs the scenario specs in test/ (pure unit tests, like those beside the sources).
module.exports = { ...preset, testMatch: [...preset.testMatch, '<rootDir>/test/**/*.spec.ts'] };
