/**
 * The runs search filter language (MLflow's search syntax, plus OR and parentheses) and its
 * parser. A filter such as
 *
 *     metrics.auc > 0.8 and params.max_depth = '4' and (tags.team = 'risk' or status = 'failed')
 *
 * is parsed into a {@link FilterNode} tree, which `compileFilter` turns into SQL with bound
 * parameters only. A malformed filter is an AppError BAD_REQUEST whose message and
 * `details.position` (a 0-based character offset) point at the fault.
 *
 * Grammar (keywords and entity names are case-insensitive; whitespace separates tokens freely):
 *
 *     filter      = [ or-expr ]                      empty or whitespace-only: no filter
 *     or-expr     = and-expr { "OR" and-expr }       AND binds tighter than OR
 *     and-expr    = primary { "AND" primary }
 *     primary     = "(" or-expr ")" | comparison
 *     comparison  = name ( operator value
 *                        | ( "IN" | "NOT" "IN" ) list
 *                        | "IS" [ "NOT" ] "NULL" )
 *     name        = entity "." key | attribute       a bare name is an attribute (as in MLflow)
 *     entity      = "metrics" | "metric"
 *                 | "params" | "param" | "parameters" | "parameter"
 *                 | "tags" | "tag"
 *                 | "attributes" | "attribute" | "attr" | "run"
 *                 | "datasets" | "dataset"
 *     key         = bare-key | "`" text "`" | '"' text '"'
 *     bare-key    = [A-Za-z0-9_\-./:]+               may contain dots: metrics.train.loss
 *     operator    = "=" | "!=" | "<>" | ">" | ">=" | "<" | "<=" | "LIKE" | "ILIKE"
 *     value       = number | string | "TRUE" | "FALSE"
 *     list        = "(" string { "," string } ")"
 *     number      = [+-] ( digits [ "." [digits] ] | "." digits ) [ ("e"|"E") [+-] digits ]
 *     string      = "'" text "'" | '"' text '"'
 *
 * In quoted text (strings and quoted keys) the quote character is escaped by doubling it or by a
 * backslash (`'it''s'`, `'it\'s'`), `\\` is one backslash, and any other backslash is kept as
 * written, so LIKE escapes such as `'100\%'` reach PostgreSQL unchanged.
 *
 * What each entity accepts:
 *
 * - `metrics.<key>`: `= != <> > >= < <=` with a number; the run's latest value of the metric is
 *   compared. A comparison never matches a NaN value (as IEEE 754: NaN is not equal, greater or
 *   less than anything), and `!=` means the run has the metric with another value (MLflow).
 *   `IS NULL` / `IS NOT NULL`: the run lacks / has the metric.
 * - `params.<key>`, `tags.<key>`: `= != <> LIKE ILIKE IN NOT IN` with quoted strings (a bare
 *   number is an error, as in MLflow: params are strings); `!=`, `NOT IN` and the others match
 *   only runs that have the key. `IS NULL` / `IS NOT NULL`: the key is absent / present.
 * - `attributes.<name>`:
 *   `status` (one of running, finished, failed, killed; case-insensitive), `run_name` (or
 *   `name`), `run_id` (or `id`), `experiment_id`, `git_commit`, `git_branch`, `git_repository`,
 *   `created_by` (a user id): `= != <> LIKE ILIKE IN NOT IN` with strings. An id that is not a
 *   UUID simply matches no run under `=`/`IN`.
 *   `start_time`, `end_time` (milliseconds since the epoch, as MLflow): `= != <> > >= < <=`.
 *   `git_dirty`: `=`/`!=` with true or false (bare or quoted).
 *   The nullable ones (`end_time`, `git_*`, `created_by`) also take `IS NULL` / `IS NOT NULL`.
 *   A run whose attribute is NULL matches no other comparison on it.
 * - `datasets.<field>`: `name`, `digest` (sha256), `role` (training, validation, test, other;
 *   alias `context`): `= != <> LIKE ILIKE IN NOT IN`; true when the run has an input dataset
 *   that matches. Each comparison looks at the run's inputs on its own (two comparisons may be
 *   met by two different datasets).
 *
 * LIKE and ILIKE take the pattern as written (`%` and `_` wildcards, as in SQL and MLflow).
 * Limits: at most 4000 characters, 50 comparisons and 100 items in one list.
 */
import { AppError } from '@sextant/errors';
import {
  type Entity,
  type FieldSpec,
  KNOWN_ATTRIBUTES,
  KNOWN_DATASET_FIELDS,
  SEARCH_LIMITS,
  datasetField,
  entityOf,
  runAttribute,
} from './fields';

/** A comparison operator, normalised (`<>` is read as `!=`). */
export type ComparisonOp =
  | '='
  | '!='
  | '>'
  | '>='
  | '<'
  | '<='
  | 'LIKE'
  | 'ILIKE'
  | 'IN'
  | 'NOT IN'
  | 'IS NULL'
  | 'IS NOT NULL';

/**
 * The right-hand side of a comparison: a number (metrics, start_time, end_time), a string, a
 * list of strings (IN, NOT IN), a boolean (git_dirty) or null (IS NULL, IS NOT NULL). Status and
 * role values are lower-cased.
 */
export type FilterValue = number | string | boolean | readonly string[] | null;

/** One `<entity>.<key> <op> <value>`; `position` is where it starts in the filter string. */
export interface FilterComparison {
  readonly kind: 'comparison';
  readonly entity: Entity;
  /** As written for metrics, params and tags; the canonical name for attributes and datasets. */
  readonly key: string;
  readonly op: ComparisonOp;
  readonly value: FilterValue;
  readonly position: number;
}

/** Two filters joined by AND or OR. */
export interface FilterJunction {
  readonly kind: 'and' | 'or';
  readonly left: FilterNode;
  readonly right: FilterNode;
}

/** A parsed filter. */
export type FilterNode = FilterJunction | FilterComparison;

/** Throws the error for a fault at `position`; `reason` completes "Invalid … at position N: ". */
export type FailAt = (position: number, reason: string) => never;

/** A name read from the source: its entity, key and, for attributes and datasets, its field. */
export interface ParsedName {
  readonly entity: Entity;
  readonly key: string;
  readonly field: FieldSpec | undefined;
  readonly start: number;
  /** The name as the user wrote it, for messages. */
  readonly text: string;
}

const KEY_CHAR = /[A-Za-z0-9_\-./:]/;
const NUMBER = /[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const WHITESPACE = /\s/;
const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'IN', 'IS', 'NULL', 'LIKE', 'ILIKE']);

/**
 * Reads names, words and quoted text from one string; shared by the filter and order-by
 * parsers. Not exported from the package: an implementation detail of the search language.
 */
export class Scanner {
  pos = 0;

  constructor(
    readonly src: string,
    readonly fail: FailAt,
    /** How messages call the end of the input: "the end of the filter". */
    private readonly endName: string,
  ) {}

  atEnd(): boolean {
    return this.pos >= this.src.length;
  }

  peek(): string | undefined {
    return this.src[this.pos];
  }

  skipWhitespace(): void {
    while (this.pos < this.src.length && WHITESPACE.test(this.src[this.pos] ?? '')) this.pos++;
  }

  /** The run of key characters at the cursor ('' when there is none), without consuming it. */
  peekWord(): string {
    let end = this.pos;
    while (end < this.src.length && KEY_CHAR.test(this.src[end] ?? '')) end++;
    return this.src.slice(this.pos, end);
  }

  readWord(): string {
    const word = this.peekWord();
    this.pos += word.length;
    return word;
  }

  /** Consumes `keyword` (case-insensitive, a whole word) if it is next. */
  acceptKeyword(keyword: string): boolean {
    this.skipWhitespace();
    if (this.peekWord().toUpperCase() !== keyword) return false;
    this.pos += keyword.length;
    return true;
  }

  /** What is at the cursor, for "found …" in messages. */
  found(): string {
    if (this.atEnd()) return this.endName;
    const c = this.peek() ?? '';
    if (c === "'" || c === '"' || c === '`') {
      const close = this.src.indexOf(c, this.pos + 1);
      const raw = close < 0 ? this.src.slice(this.pos) : this.src.slice(this.pos, close + 1);
      return clip(raw);
    }
    const word = this.peekWord();
    return `"${clip(word === '' ? c : word)}"`;
  }

  /** Reads quoted text at the cursor (which is on the opening quote). */
  readQuoted(what: string): string {
    const start = this.pos;
    const quote = this.src[start] ?? '';
    let out = '';
    let i = start + 1;
    for (;;) {
      const c = this.src[i];
      if (c === undefined) {
        this.fail(start, `unterminated ${what}: missing the closing ${quote}`);
      }
      const next = this.src[i + 1];
      if (c === '\\' && (next === quote || next === '\\')) {
        out += next;
        i += 2;
      } else if (c === quote) {
        if (next !== quote) break;
        out += quote;
        i += 2;
      } else {
        out += c;
        i += 1;
      }
    }
    this.pos = i + 1;
    return out;
  }

  /**
   * Reads `entity.key` or a bare attribute name, resolving aliases; attribute and dataset keys
   * must name a known field.
   */
  readName(): ParsedName {
    this.skipWhitespace();
    const start = this.pos;
    const word = this.readWord();
    const expected = 'expected a name such as metrics.auc, params.max_depth or attributes.status';
    if (word === '' || word.startsWith('.') || KEYWORDS.has(word.toUpperCase())) {
      this.pos = start;
      this.fail(start, `${expected}, found ${this.found()}`);
    }
    const dot = word.indexOf('.');
    let entity: Entity;
    let key: string;
    let keyStart: number;
    if (dot < 0) {
      if (entityOf(word) !== undefined) {
        this.fail(this.pos, `expected "." and a key after "${word}", e.g. ${word}.auc`);
      }
      entity = 'attribute';
      key = word;
      keyStart = start;
    } else {
      const prefix = word.slice(0, dot);
      const resolved = entityOf(prefix);
      if (resolved === undefined) {
        this.fail(
          start,
          `unknown entity "${clip(prefix)}" in "${clip(word)}"; expected metrics, params, tags, attributes or datasets`,
        );
      }
      entity = resolved;
      key = word.slice(dot + 1);
      keyStart = start + dot + 1;
      if (key === '') {
        const c = this.peek();
        if (c !== '`' && c !== '"') {
          this.fail(this.pos, `expected a key after "${word}", found ${this.found()}`);
        }
        key = this.readQuoted('quoted key');
        if (key === '') this.fail(keyStart, 'the key is empty');
      }
    }
    const field = this.resolveField(entity, key, keyStart, dot < 0);
    return {
      entity,
      key: field ? field.name : key,
      field,
      start,
      text: this.src.slice(start, this.pos),
    };
  }

  private resolveField(
    entity: Entity,
    key: string,
    at: number,
    bare: boolean,
  ): FieldSpec | undefined {
    if (entity === 'attribute') {
      const field = runAttribute(key);
      if (!field) {
        const hint = bare ? ' (metrics, params and tags need their prefix: metrics.auc)' : '';
        this.fail(
          at,
          `unknown attribute "${clip(key)}"; known attributes: ${KNOWN_ATTRIBUTES}${hint}`,
        );
      }
      return field;
    }
    if (entity === 'dataset') {
      const field = datasetField(key);
      if (!field) {
        this.fail(
          at,
          `unknown dataset field "${clip(key)}"; known fields: ${KNOWN_DATASET_FIELDS}`,
        );
      }
      return field;
    }
    return undefined;
  }
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** A scalar value token as read, before checking it against what the comparison needs. */
type Scalar =
  | { type: 'number'; value: number }
  | { type: 'string'; value: string }
  | { type: 'word'; value: string }
  | { type: 'none' };

const NUMBER_OPS: readonly ComparisonOp[] = ['=', '!=', '>', '>=', '<', '<='];
const STRING_OPS: readonly ComparisonOp[] = ['=', '!=', 'LIKE', 'ILIKE', 'IN', 'NOT IN'];
const BOOLEAN_OPS: readonly ComparisonOp[] = ['=', '!='];
const NULL_OPS: readonly ComparisonOp[] = ['IS NULL', 'IS NOT NULL'];

type ValueType = 'number' | 'string' | 'boolean';

/** What a name is compared with, and by which operators. */
function typeOf(name: ParsedName): { type: ValueType; ops: readonly ComparisonOp[] } {
  const nullable = name.field?.nullable ?? false;
  const withNull = (ops: readonly ComparisonOp[], yes: boolean) =>
    yes ? [...ops, ...NULL_OPS] : ops;
  switch (name.entity) {
    case 'metric':
      return { type: 'number', ops: withNull(NUMBER_OPS, true) };
    case 'param':
    case 'tag':
      return { type: 'string', ops: withNull(STRING_OPS, true) };
    case 'dataset':
      return { type: 'string', ops: STRING_OPS };
    case 'attribute':
      switch (name.field?.kind) {
        case 'time':
          return { type: 'number', ops: withNull(NUMBER_OPS, nullable) };
        case 'boolean':
          return { type: 'boolean', ops: withNull(BOOLEAN_OPS, nullable) };
        default:
          return { type: 'string', ops: withNull(STRING_OPS, nullable) };
      }
  }
}

const OPERATOR_LIST = '(=, !=, >, >=, <, <=, LIKE, ILIKE, IN, NOT IN)';

class FilterParser {
  private readonly s: Scanner;
  private comparisons = 0;

  constructor(src: string) {
    this.s = new Scanner(src, filterError, 'the end of the filter');
  }

  parse(): FilterNode {
    const node = this.orExpr();
    this.s.skipWhitespace();
    if (!this.s.atEnd()) {
      if (this.s.peek() === ')') this.s.fail(this.s.pos, 'unexpected ")" without a matching "("');
      this.s.fail(this.s.pos, `expected AND, OR or the end of the filter, found ${this.s.found()}`);
    }
    return node;
  }

  private orExpr(): FilterNode {
    let left = this.andExpr();
    while (this.s.acceptKeyword('OR')) left = { kind: 'or', left, right: this.andExpr() };
    return left;
  }

  private andExpr(): FilterNode {
    let left = this.primary();
    while (this.s.acceptKeyword('AND')) left = { kind: 'and', left, right: this.primary() };
    return left;
  }

  private primary(): FilterNode {
    const s: Scanner = this.s;
    s.skipWhitespace();
    if (s.peek() !== '(') return this.comparison();
    const open = s.pos;
    s.pos++;
    const node = this.orExpr();
    s.skipWhitespace();
    if (s.peek() !== ')') {
      s.fail(s.pos, `expected ")" to close the "(" at position ${open}, found ${s.found()}`);
    }
    s.pos++;
    return node;
  }

  private comparison(): FilterComparison {
    const s: Scanner = this.s;
    s.skipWhitespace();
    const position = s.pos;
    this.comparisons++;
    if (this.comparisons > SEARCH_LIMITS.comparisons) {
      s.fail(position, `too many comparisons: at most ${SEARCH_LIMITS.comparisons} are allowed`);
    }
    const name = s.readName();
    const { type, ops } = typeOf(name);
    s.skipWhitespace();
    const opStart = s.pos;
    const op = this.operator(name);
    if (!ops.includes(op)) {
      s.fail(opStart, `${op} is not supported for ${name.text}; use one of ${ops.join(', ')}`);
    }
    let value: FilterValue;
    if (op === 'IS NULL' || op === 'IS NOT NULL') value = null;
    else if (op === 'IN' || op === 'NOT IN') value = this.list(name, op);
    else value = this.scalar(name, op, type);
    return { kind: 'comparison', entity: name.entity, key: name.key, op, value, position };
  }

  private operator(name: ParsedName): ComparisonOp {
    const s: Scanner = this.s;
    const two = s.src.slice(s.pos, s.pos + 2);
    const symbolic: Readonly<Record<string, ComparisonOp>> = {
      '!=': '!=',
      '<>': '!=',
      '>=': '>=',
      '<=': '<=',
    };
    const op2 = symbolic[two];
    if (op2) {
      s.pos += 2;
      return op2;
    }
    const c = s.peek();
    if (c === '=' || c === '>' || c === '<') {
      s.pos++;
      return c;
    }
    const word = s.peekWord().toUpperCase();
    if (word === 'LIKE' || word === 'ILIKE' || word === 'IN') {
      s.pos += word.length;
      return word;
    }
    if (word === 'NOT') {
      s.pos += 3;
      if (!s.acceptKeyword('IN')) s.fail(s.pos, `expected IN after NOT, found ${s.found()}`);
      return 'NOT IN';
    }
    if (word === 'IS') {
      s.pos += 2;
      const not = s.acceptKeyword('NOT');
      if (!s.acceptKeyword('NULL')) {
        s.skipWhitespace();
        s.fail(s.pos, `expected ${not ? 'NULL' : 'NULL or NOT NULL'} after IS, found ${s.found()}`);
      }
      return not ? 'IS NOT NULL' : 'IS NULL';
    }
    return s.fail(
      s.pos,
      `expected a comparison operator ${OPERATOR_LIST} after "${clip(name.text)}"`,
    );
  }

  private readScalar(): Scalar {
    const s: Scanner = this.s;
    s.skipWhitespace();
    const c = s.peek();
    if (c === "'" || c === '"') return { type: 'string', value: s.readQuoted('string') };
    if (c !== undefined && /[0-9+\-.]/.test(c)) {
      const start = s.pos;
      NUMBER.lastIndex = start;
      const match = NUMBER.exec(s.src);
      const end = match ? start + match[0].length : start;
      if (!match || KEY_CHAR.test(s.src[end] ?? '') || s.src[end] === '+') {
        s.fail(start, `invalid number ${s.found()}`);
      }
      const value = Number(match[0]);
      if (!Number.isFinite(value)) s.fail(start, `the number ${match[0]} is out of range`);
      s.pos = end;
      return { type: 'number', value };
    }
    const word = s.peekWord();
    if (word !== '') {
      s.pos += word.length;
      return { type: 'word', value: word };
    }
    return { type: 'none' };
  }

  private scalar(name: ParsedName, op: ComparisonOp, type: ValueType): FilterValue {
    const s: Scanner = this.s;
    s.skipWhitespace();
    const start = s.pos;
    const foundHere = s.found();
    const token = this.readScalar();
    switch (type) {
      case 'number':
        if (token.type !== 'number') {
          s.fail(start, `expected a number as the value of ${name.text}, found ${foundHere}`);
        }
        return token.value;
      case 'boolean': {
        const text = token.type === 'string' || token.type === 'word' ? token.value : '';
        const lower = text.toLowerCase();
        if (lower !== 'true' && lower !== 'false') {
          s.fail(start, `expected true or false as the value of ${name.text}, found ${foundHere}`);
        }
        return lower === 'true';
      }
      case 'string':
        if (token.type !== 'string') {
          s.fail(
            start,
            `expected a quoted string as the value of ${name.text} (e.g. '4'), found ${foundHere}`,
          );
        }
        return op === 'LIKE' || op === 'ILIKE'
          ? token.value
          : this.checkEnum(name, token.value, start);
    }
  }

  private list(name: ParsedName, op: ComparisonOp): readonly string[] {
    const s: Scanner = this.s;
    s.skipWhitespace();
    if (s.peek() !== '(') {
      s.fail(s.pos, `expected a list such as ('a', 'b') after ${op}, found ${s.found()}`);
    }
    s.pos++;
    const items: string[] = [];
    for (;;) {
      s.skipWhitespace();
      const start = s.pos;
      const c = s.peek();
      if (c !== "'" && c !== '"') {
        s.fail(start, `expected a quoted string in the list after ${op}, found ${s.found()}`);
      }
      if (items.length === SEARCH_LIMITS.listItems) {
        s.fail(start, `too many items in the list: at most ${SEARCH_LIMITS.listItems} are allowed`);
      }
      items.push(this.checkEnum(name, s.readQuoted('string'), start));
      s.skipWhitespace();
      if (s.peek() === ')') break;
      if (s.peek() !== ',') {
        s.fail(s.pos, `expected "," or ")" in the list after ${op}, found ${s.found()}`);
      }
      s.pos++;
    }
    s.pos++;
    return items;
  }

  /** Enum fields (status, role) take one of their values, case-insensitively. */
  private checkEnum(name: ParsedName, value: string, at: number): string {
    const allowed = name.field?.kind === 'enum' ? name.field.values : undefined;
    if (!allowed) return value;
    const lower = value.toLowerCase();
    if (!allowed.includes(lower)) {
      this.s.fail(
        at,
        `invalid value '${clip(value)}' for ${name.text}; expected one of ${allowed.join(', ')}`,
      );
    }
    return lower;
  }
}

function filterError(position: number, reason: string): never {
  const message = `Invalid filter at position ${position}: ${reason}`;
  throw new AppError('BAD_REQUEST', message, {
    fields: [{ path: 'filter', message }],
    details: { position },
  });
}

/**
 * Parses a filter string (grammar above); null for no filter (undefined, empty or blank).
 * Throws AppError BAD_REQUEST pointing at the first fault.
 */
export function parseFilter(filter: string | undefined): FilterNode | null {
  if (filter === undefined || filter.trim() === '') return null;
  if (filter.length > SEARCH_LIMITS.filterLength) {
    filterError(
      SEARCH_LIMITS.filterLength,
      `the filter is ${filter.length} characters long; at most ${SEARCH_LIMITS.filterLength} are allowed`,
    );
  }
  return new FilterParser(filter).parse();
}
