import { AppError } from '@sextant/errors';
import {
  type ColumnKind,
  type Direction,
  type DriftTest,
  InvalidParamsError,
  type Plugin,
} from '@sextant/plugin-sdk';
import { stattestsPlugin } from '@sextant/plugin-stattests';
import type { Problems } from './problems';

// Any params schema: each test validates its own params through parseParams.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDriftTest = DriftTest<any>;

/** A test as the registry holds it: the test and the plugin it came from. */
export interface RegisteredDriftTest {
  readonly test: AnyDriftTest;
  readonly plugin: { readonly name: string; readonly version: string };
}

/** What `list()` tells about a test (the console's plugin page, `sextant drift --help`). */
export interface DriftTestInfo {
  name: string;
  version: string;
  description: string | undefined;
  supports: ColumnKind[];
  direction: Direction;
  defaultThreshold: number;
  plugin: string;
  pluginVersion: string;
}

/**
 * The drift tests monitoring can run, by name: the built-in plugin's, and later those of
 * third-party plugins. Test names are unique across plugins; a clash is refused at registration
 * (start-up), never resolved silently.
 */
export class DriftTestRegistry {
  private readonly tests = new Map<string, RegisteredDriftTest>();

  /** Adds every test of a plugin (made by `definePlugin`); throws if a name is already taken. */
  register(plugin: Plugin): this {
    const clashes = plugin.tests.filter((t) => this.tests.has(t.name));
    if (clashes.length > 0) {
      const owners = clashes.map((t) => `'${t.name}' (${this.tests.get(t.name)!.plugin.name})`);
      throw new Error(
        `Plugin ${plugin.name}: drift test names already registered: ${owners.join(', ')}`,
      );
    }
    const from = { name: plugin.name, version: plugin.version };
    for (const test of plugin.tests) this.tests.set(test.name, { test, plugin: from });
    return this;
  }

  get(name: string): RegisteredDriftTest | undefined {
    return this.tests.get(name);
  }

  /** The registered test names, in registration order. */
  names(): string[] {
    return [...this.tests.keys()];
  }

  list(): DriftTestInfo[] {
    return [...this.tests.values()].map(({ test, plugin }) => ({
      name: test.name,
      version: test.version,
      description: test.description,
      supports: [...test.supports],
      direction: test.direction,
      defaultThreshold: test.defaultThreshold,
      plugin: plugin.name,
      pluginVersion: plugin.version,
    }));
  }

  /** The test called `name`, or a BAD_REQUEST naming `path` and listing the known tests. */
  require(name: string, path: string): RegisteredDriftTest {
    const found = this.lookup(name, path);
    if (found) return found;
    throw new AppError('BAD_REQUEST', `${path}: ${this.unknownMessage(name)}`, {
      fields: [{ path, message: this.unknownMessage(name) }],
      details: { known: this.names() },
    });
  }

  /** `require`, adding the problem to `problems` instead of throwing. */
  lookup(name: string, path: string, problems?: Problems): RegisteredDriftTest | undefined {
    const found = this.tests.get(name);
    if (!found) problems?.add(path, this.unknownMessage(name));
    return found;
  }

  /**
   * Validates `params` with the test's own schema (defaults applied). Problems are named
   * `<path>.<field>`; returns undefined when there was one.
   */
  parseParams(
    entry: RegisteredDriftTest,
    params: unknown,
    path: string,
    problems: Problems,
  ): unknown {
    try {
      return entry.test.parseParams(params);
    } catch (error) {
      if (!(error instanceof InvalidParamsError)) throw error;
      for (const f of error.fields)
        problems.add(f.path ? `${path}.${f.path}` : path, `${entry.test.name}: ${f.message}`);
      return undefined;
    }
  }

  private unknownMessage(name: string): string {
    return `unknown drift test '${name}'; known tests: ${this.names().join(', ')}`;
  }
}

/** A registry holding Sextant's built-in tests (`@sextant/plugin-stattests`). */
export function builtInDriftTests(): DriftTestRegistry {
  return new DriftTestRegistry().register(stattestsPlugin);
}
