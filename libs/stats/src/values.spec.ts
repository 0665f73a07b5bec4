import { NA_STRINGS, isNaString, parseBooleanText, parseDecimal } from './index';

describe('isNaString', () => {
  it("reads pandas' default NA strings as missing, exactly", () => {
    // pandas 2.x: pandas._libs.parsers.STR_NA_VALUES
    for (const s of ['', 'NA', 'N/A', 'n/a', 'NaN', 'nan', '-nan', 'NULL', 'null', 'None', '<NA>'])
      expect(isNaString(s)).toBe(true);
    expect(NA_STRINGS.size).toBe(19);
  });

  it('keeps other spellings as values', () => {
    for (const s of ['na', 'none', 'NONE', 'Null', ' ', '0', '-', 'missing'])
      expect(isNaString(s)).toBe(false);
  });
});

describe('parseDecimal', () => {
  it('reads plain decimals', () => {
    expect(parseDecimal('7')).toBe(7);
    expect(parseDecimal('-0.25')).toBe(-0.25);
    expect(parseDecimal('+.5')).toBe(0.5);
    expect(parseDecimal('3.')).toBe(3);
    expect(parseDecimal('1e-3')).toBe(0.001);
    expect(parseDecimal('-1.5E+2')).toBe(-150);
    expect(parseDecimal('0.1')).toBe(0.1);
    expect(parseDecimal('-0.6415709580788791')).toBe(-0.6415709580788791);
  });

  it('refuses what Number() would accept but a CSV number is not', () => {
    for (const s of ['', ' 1', '1 ', '0x10', '0b1', '0o7', 'Infinity', '-Infinity', 'inf', 'NaN'])
      expect(parseDecimal(s)).toBeNull();
    for (const s of ['1,000', '1_000', '1e', 'e5', '.', '-', '+', '1.2.3', '12abc', '1e999'])
      expect(parseDecimal(s)).toBeNull();
  });
});

describe('parseBooleanText', () => {
  it('reads true / false in any case', () => {
    expect(parseBooleanText('true')).toBe(true);
    expect(parseBooleanText('TRUE')).toBe(true);
    expect(parseBooleanText('False')).toBe(false);
    for (const s of ['yes', '1', 't', 'truee', ' true', '']) expect(parseBooleanText(s)).toBeNull();
  });
});
