import { Tensor } from 'onnxruntime-node';

import { elementAt, float16Number, float32Number, tensorBuffer } from './tensors';

describe('float32Number', () => {
  it('gives the shortest decimal that reads back as the same float32, as numpy prints it', () => {
    // numpy: repr(np.float32(0.7)) == '0.7', repr(np.float32(1/3)) == '0.33333334',
    // repr(np.float32(0.1)) == '0.1', repr(np.float32(16777217)) == '16777216.0'.
    expect(float32Number(Math.fround(0.7))).toBe(0.7);
    expect(float32Number(Math.fround(1 / 3))).toBe(0.33333334);
    expect(float32Number(Math.fround(0.1))).toBe(0.1);
    expect(float32Number(Math.fround(16777217))).toBe(16777216);
    expect(Math.fround(float32Number(Math.fround(Math.PI)))).toBe(Math.fround(Math.PI));
  });
});

describe('float16Number', () => {
  it('decodes IEEE 754 half precision bits', () => {
    // Values from IEEE 754-2008's binary16 format: 0x3c00 = 1, 0xc000 = -2, 0x7bff = 65504
    // (the largest), 0x0001 = 2^-24 (the smallest subnormal), 0x3555 ≈ 0.33325.
    expect(float16Number(0x3c00)).toBe(1);
    expect(float16Number(0xc000)).toBe(-2);
    expect(float16Number(0x7bff)).toBe(65504);
    expect(float16Number(0x0001)).toBe(2 ** -24);
    expect(float16Number(0x3555)).toBeCloseTo(0.33325, 5);
    expect(float16Number(0x7c00)).toBe(Infinity);
    expect(Number.isNaN(float16Number(0x7e00))).toBe(true);
  });
});

describe('tensorBuffer', () => {
  it('refuses values outside an integer type and non-finite floats', () => {
    expect(tensorBuffer('int8', 1).write(0, 128)).toBe(
      'expected an integer from -128 to 127 (int8), got 128',
    );
    expect(tensorBuffer('uint32', 1).write(0, -1)).toBe(
      'expected an integer from 0 to 4294967295 (uint32), got -1',
    );
    expect(tensorBuffer('int32', 1).write(0, 1.5)).toBe('expected an integer, got 1.5');
    expect(tensorBuffer('float32', 1).write(0, 1e39)).toBe('1e+39 is out of the float32 range');
    expect(tensorBuffer('float64', 1).write(0, NaN)).toBe('expected a finite number, got NaN');
    expect(tensorBuffer('bool', 1).write(0, 1)).toBe('expected a boolean, got 1');
    expect(tensorBuffer('string', 1).write(0, 3)).toBe('expected a string, got 3');
  });

  it('takes 64-bit integers beyond 2^53 as decimal strings only where allowed', () => {
    const oip = tensorBuffer('int64', 2, { int64Strings: true });
    expect(oip.write(0, '9007199254740993')).toBeUndefined();
    expect(oip.write(1, 9007199254740993)).toMatch(/beyond ±2\^53.*decimal string/);
    expect(oip.write(1, '9223372036854775808')).toMatch(/^expected an integer from -9223/);
    expect(tensorBuffer('int64', 1).write(0, '42')).toBe(
      'expected an integer, got a string ("42")',
    );
    const tensor = oip.tensor([2]);
    expect(elementAt(tensor, 0)).toBe('9007199254740993');
    expect(elementAt(tensor, 0, 'string')).toBe('9007199254740993');
  });

  it('builds tensors of the right type and dims', () => {
    const buffer = tensorBuffer('bool', 2);
    buffer.write(0, true);
    buffer.write(1, false);
    const tensor = buffer.tensor([2, 1]);
    expect(tensor.type).toBe('bool');
    expect(tensor.dims).toEqual([2, 1]);
    expect([elementAt(tensor, 0), elementAt(tensor, 1)]).toEqual([true, false]);
    const small = new Tensor('int64', BigInt64Array.from([7n]), [1]);
    expect(elementAt(small, 0)).toBe(7);
    expect(elementAt(small, 0, 'string')).toBe('7');
  });
});
