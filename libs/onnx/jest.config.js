module.exports = {
  ...require('../../jest.preset.js'),
  // See test/onnxruntime-environment.js: onnxruntime's tensors must pass instanceof checks.
  testEnvironment: '<rootDir>/test/onnxruntime-environment.js',
};
