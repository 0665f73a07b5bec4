import { describe, expect, it } from '@jest/globals';
import {
  aliasList,
  formatBytes,
  formatShape,
  modelHref,
  modelVersionHref,
  modelsHref,
  versionOf,
} from './model-registry';

describe('model links', () => {
  it('carry the project and keep a model name with / and spaces in one path segment', () => {
    expect(modelsHref('fraud')).toBe('/models?project=fraud');
    expect(modelHref('fraud', 'iris-rf')).toBe('/models/iris-rf?project=fraud');
    expect(modelHref('fraud', 'team/churn model')).toBe(
      '/models/team%2Fchurn%20model?project=fraud',
    );
    expect(modelVersionHref('fraud', 'a:b', 3)).toBe('/models/a%3Ab/versions/3?project=fraud');
  });

  it('reads a version number from the URL, refusing anything but a positive int32', () => {
    expect(versionOf('1')).toBe(1);
    expect(versionOf('42')).toBe(42);
    expect(versionOf('2147483647')).toBe(2_147_483_647);
    for (const bad of ['0', '-1', '1.5', '01', 'v2', '', '2147483648', '99999999999']) {
      expect(versionOf(bad)).toBeNull();
    }
  });
});

describe('aliasList', () => {
  it('puts champion, then challenger, then the others by name', () => {
    expect(aliasList({ shadow: 3, challenger: 2, canary: 4, champion: 1 })).toEqual([
      { alias: 'champion', version: 1 },
      { alias: 'challenger', version: 2 },
      { alias: 'canary', version: 4 },
      { alias: 'shadow', version: 3 },
    ]);
  });
});

describe('formatBytes', () => {
  it('uses binary units with one decimal', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(50 * 1024 * 1024)).toBe('50.0 MiB');
    expect(formatBytes(3 * 1024 ** 4)).toBe('3.0 TiB');
    expect(formatBytes(-1)).toBe('—');
  });
});

describe('formatShape', () => {
  it('prints dimensions as ONNX tools do, unknown ones as ?', () => {
    expect(formatShape(['N', 4])).toBe('[N, 4]');
    expect(formatShape([null, 3, ''])).toBe('[?, 3, ?]');
    expect(formatShape([])).toBe('[]');
    expect(formatShape(null)).toBe('unknown rank');
  });
});
