module.exports = {
  ...require('../../jest.preset.js'),
  // onnxruntime-node's output tensors must pass onnxruntime-common's instanceof checks inside
  // jest's sandbox (see @sextant/testing/onnxruntime-environment).
  testEnvironment: require.resolve('@sextant/testing/onnxruntime-environment'),
};
