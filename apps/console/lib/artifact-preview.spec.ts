import { describe, expect, it } from '@jest/globals';
import { artifactUrl, parseCsv, prettyJson, previewKind } from './artifact-preview';

describe('previewKind', () => {
  it('goes by the content type first', () => {
    expect(previewKind('plot', 'image/png')).toBe('image');
    expect(previewKind('x.bin', 'application/json; charset=utf-8')).toBe('json');
    expect(previewKind('data', 'text/csv')).toBe('csv');
    expect(previewKind('notes', 'text/plain')).toBe('text');
  });

  it('falls back to the extension', () => {
    expect(previewKind('eval/metrics.json', null)).toBe('json');
    expect(previewKind('confusion.PNG', null)).toBe('image');
    expect(previewKind('train.csv', null)).toBe('csv');
    expect(previewKind('config.yaml', null)).toBe('text');
    expect(previewKind('model.pkl', 'application/octet-stream')).toBe('none');
  });

  it('previews an image only when it is served as one', () => {
    expect(previewKind('logo.svg', 'application/octet-stream')).toBe('none');
    expect(previewKind('plot.png', 'application/octet-stream')).toBe('none');
  });
});

describe('artifactUrl', () => {
  it('encodes each segment and keeps the slashes', () => {
    expect(artifactUrl('r1', 'eval/a b#1.json')).toBe(
      '/api/v1/runs/r1/artifacts/eval/a%20b%231.json',
    );
    expect(artifactUrl('r1', 'm.pkl', true)).toBe('/api/v1/runs/r1/artifacts/m.pkl?download');
  });
});

describe('prettyJson', () => {
  it('indents JSON, and leaves what does not parse alone', () => {
    expect(prettyJson('{"a":1,"b":[true]}')).toEqual({
      text: '{\n  "a": 1,\n  "b": [\n    true\n  ]\n}',
      parsed: true,
    });
    expect(prettyJson('{"a":')).toEqual({ text: '{"a":', parsed: false });
  });
});

describe('parseCsv', () => {
  it('reads quoted fields, doubled quotes and CRLF', () => {
    const text = 'name,comment\r\nann,"says ""hi"", then, leaves"\r\nbob,"two\nlines"\r\n';
    expect(parseCsv(text, 10)).toEqual([
      ['name', 'comment'],
      ['ann', 'says "hi", then, leaves'],
      ['bob', 'two\nlines'],
    ]);
  });

  it('keeps a last line without a newline, unless the preview cut it', () => {
    expect(parseCsv('a,b\n1,2', 10)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(parseCsv('a,b\n1,2', 10, true)).toEqual([['a', 'b']]);
  });

  it('stops after maxRows', () => {
    expect(parseCsv('h\n1\n2\n3\n', 2)).toEqual([['h'], ['1']]);
  });
});
