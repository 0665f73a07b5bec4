import { AppError } from '@sextant/errors';
import { normalizeArtifactPath } from './artifact-path';

function refusal(input: string): AppError {
  try {
    normalizeArtifactPath(input);
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error(`accepted ${JSON.stringify(input)}`);
}

describe('normalizeArtifactPath', () => {
  it.each([
    ['model.onnx', 'model.onnx'],
    ['model/model.onnx', 'model/model.onnx'],
    ['./model/./weights.bin', 'model/weights.bin'],
    ['reports/drift 2026-01.html', 'reports/drift 2026-01.html'],
    ['data/.hidden', 'data/.hidden'],
    ['data/v1..v2.csv', 'data/v1..v2.csv'],
    ['100%.txt', '100%.txt'],
    ['caf\u0065\u0301.txt', 'caf\u00e9.txt'],
  ])('accepts %j as %j', (input, expected) => {
    expect(normalizeArtifactPath(input)).toBe(expected);
  });

  it.each([
    ['..', '".." segment'],
    ['../etc/passwd', '".." segment'],
    ['model/../../secret', '".." segment'],
    ['model/..', '".." segment'],
    ['.../x', '"..." segment'],
    ['a/.. /b', '".. " segment'],
    ['/etc/passwd', 'absolute'],
    ['//server/share', 'absolute'],
    ['C:/Windows/win.ini', 'absolute'],
    ['c:evil', 'absolute'],
    ['..\\..\\windows', 'backslash'],
    ['model\\model.onnx', 'backslash'],
    ['model\u0000.onnx', 'control character'],
    ['model\n.onnx', 'control character'],
    ['model\u007f', 'control character'],
    ['model\u0085', 'control character'],
    ['evil\u202Etxt.exe', 'control character'],
    ['', 'empty'],
    ['.', 'names no file'],
    ['./.', 'names no file'],
    ['model//model.onnx', 'empty segment'],
    ['model/', 'empty segment'],
    ['%2e%2e%2fetc%2fpasswd', 'percent-encoded'],
    ['%2E%2E/secret', 'percent-encoded'],
    ['..%2fsecret', 'percent-encoded'],
    ['%252e%252e%252fsecret', 'percent-encoded'],
    ['model%00.onnx', 'percent-encoded'],
    ['%c0%ae%c0%ae/secret', 'percent-encoded'],
    ['\uff0e\uff0e\uff0fsecret', '".." segment'],
    ['a\uff0f\uff0e\uff0e', '".." segment'],
    ['x'.repeat(256), 'longer than 255'],
    [`${'a/'.repeat(600)}a`, 'longer than 1024'],
  ])('refuses %j (%s)', (input, reason) => {
    const err = refusal(input);
    expect(err.code).toBe('BAD_REQUEST');
    expect(err.message).toContain(reason);
    expect(err.message).toContain(JSON.stringify(input).slice(0, 100));
  });

  it('refuses what is not a string', () => {
    expect(refusal(42 as unknown as string).code).toBe('BAD_REQUEST');
  });
});
