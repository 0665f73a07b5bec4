module.exports = {
  ...require('../../jest.preset.js'),
  // The platform runs in the test process: its models' tensors must pass onnxruntime-common's
  // instanceof checks inside jest's sandbox (see @sextant/testing/onnxruntime-environment).
  testEnvironment: require.resolve('@sextant/testing/onnxruntime-environment'),
};
