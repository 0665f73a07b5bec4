import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * The client is meant to be published: it may take types from the Sextant packages (the routers),
 * never code, or every user would install the whole platform. Each source file is compiled the way
 * the build compiles it, one file at a time, and the emitted JavaScript must not load @sextant/*.
 */
const srcDir = __dirname;
const sources = readdirSync(srcDir, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))
  .map((f) => path.join(srcDir, f));

function sextantModulesLoadedBy(source: string): string[] {
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  });
  return [...outputText.matchAll(/\b(?:require|import)\(\s*["'](@sextant\/[^"']+)["']/g)].map(
    (m) => m[1]!,
  );
}

describe('@sextant/client is publishable', () => {
  it('has sources to check', () => {
    expect(sources.map((f) => path.basename(f))).toEqual(
      expect.arrayContaining(['create-client.ts', 'index.ts']),
    );
  });

  it.each(sources.map((f) => [path.relative(srcDir, f), f]))(
    '%s imports only types from @sextant/*',
    (_name, file) => {
      expect(sextantModulesLoadedBy(readFileSync(file, 'utf8'))).toEqual([]);
    },
  );

  it('notices a value import, a mixed import and a re-export', () => {
    expect(sextantModulesLoadedBy(`import { appRouter } from '@sextant/api'; appRouter;`)).toEqual([
      '@sextant/api',
    ]);
    expect(
      sextantModulesLoadedBy(`import { type A, SERVICES } from '@sextant/tracking'; SERVICES;`),
    ).toEqual(['@sextant/tracking']);
    expect(sextantModulesLoadedBy(`export * from '@sextant/serving';`)).toEqual([
      '@sextant/serving',
    ]);
    expect(sextantModulesLoadedBy(`import type { R } from '@sextant/api'; let r: R;`)).toEqual([]);
  });

  it('depends on no Sextant package at run time', () => {
    const manifest = JSON.parse(readFileSync(path.join(srcDir, '../package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
      peerDependencies?: Record<string, string>;
    };
    const runtime = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies });
    expect(runtime.filter((name) => name.startsWith('@sextant/'))).toEqual([]);
  });
});
