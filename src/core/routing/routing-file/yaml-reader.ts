import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter } from 'yaml';
import { parseDuration } from '../../../config/env-parsers.js';

/** A problem in the routing file: where (line and key path) and what. */
export interface RoutingFileIssue {
  line: number;
  /** `models.smart.retries.attempts`, `routes["openai/gpt-4o"].fallbacks[0]`; empty for the document itself. */
  path: string;
  message: string;
}

/** A value in the file and the key it sits under. */
export interface Field {
  node: unknown;
  path: string;
  /** The key's own node, for problems with the key rather than its value. */
  key: unknown;
}

const PLAIN_KEY = /^[A-Za-z_][\w-]*$/;

/** `parent.key`, or `parent["key"]` for keys with dots, slashes or spaces. */
export function childPath(parent: string, key: string): string {
  if (PLAIN_KEY.test(key)) return parent ? `${parent}.${key}` : key;
  return `${parent}[${JSON.stringify(key)}]`;
}

/**
 * Reads typed values out of a parsed YAML document and collects every problem with the line it
 * is on (from the document's source ranges) and the path of its key, so that one pass reports
 * everything wrong with a file. Readers return undefined for a value they refused.
 */
export class YamlReader {
  readonly issues: RoutingFileIssue[] = [];

  constructor(
    private readonly document: Document,
    private readonly lines: LineCounter,
  ) {}

  lineOf(node: unknown): number {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    return range ? this.lines.linePos(range[0]).line : 1;
  }

  fail(node: unknown, path: string, message: string): undefined {
    this.issues.push({ line: this.lineOf(node), path, message });
    return undefined;
  }

  /** The entries of a mapping; keys outside `allowed` are reported (a typo must not be ignored silently). */
  map(node: unknown, path: string, allowed?: readonly string[]): Map<string, Field> | undefined {
    const value = this.resolve(node);
    if (!isMap(value)) {
      this.fail(node, path, `expected a mapping, got ${describe(value)}`);
      return;
    }
    const fields = new Map<string, Field>();
    for (const pair of value.items) {
      const key = this.resolve(pair.key);
      const name = isScalar(key) && (typeof key.value === 'string' || typeof key.value === 'number') ? String(key.value) : undefined;
      if (name === undefined) {
        this.fail(pair.key, path, 'keys must be plain strings');
        continue;
      }
      const fieldPath = childPath(path, name);
      if (allowed && !allowed.includes(name)) {
        this.fail(pair.key, fieldPath, `unknown key; expected one of ${allowed.join(', ')}`);
        continue;
      }
      fields.set(name, { node: pair.value, path: fieldPath, key: pair.key });
    }
    return fields;
  }

  /** The items of a sequence, each with its path. */
  list(node: unknown, path: string): Field[] | undefined {
    const value = this.resolve(node);
    if (!isSeq(value)) {
      this.fail(node, path, `expected a list, got ${describe(value)}`);
      return;
    }
    return value.items.map((item, index) => ({ node: item, path: `${path}[${index}]`, key: item }));
  }

  /** A non-empty string (a number is read as its text: model names such as `3.5` are strings). */
  string(field: Field): string | undefined {
    const value = this.scalar(field.node);
    if (typeof value === 'number') return String(value);
    if (typeof value !== 'string' || value.trim() === '') {
      this.fail(field.node, field.path, `expected a non-empty string, got ${describe(this.resolve(field.node))}`);
      return;
    }
    return value.trim();
  }

  integer(field: Field, min: number, max: number): number | undefined {
    const value = this.scalar(field.node);
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.fail(field.node, field.path, `expected a whole number from ${min} to ${max}, got ${describe(this.resolve(field.node))}`);
      return;
    }
    return value;
  }

  /** A number greater than 0 and at most `max`. */
  positiveNumber(field: Field, max: number): number | undefined {
    const value = this.scalar(field.node);
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > max) {
      this.fail(field.node, field.path, `expected a number greater than 0 and at most ${max}, got ${describe(this.resolve(field.node))}`);
      return;
    }
    return value;
  }

  /** `200ms`, `10s`, `2m`, `1h` or a number of seconds; more than 0 ms and at most `maxMs`. */
  duration(field: Field, maxMs: number): number | undefined {
    const value = this.scalar(field.node);
    const milliseconds =
      typeof value === 'number' ? (value >= 0 ? Math.round(value * 1000) : undefined) : typeof value === 'string' ? parseDuration(value) : undefined;
    if (milliseconds === undefined || milliseconds <= 0 || milliseconds > maxMs) {
      this.fail(field.node, field.path, `expected a duration such as 500ms, 30s or 2m (at most ${maxMs / 1000}s), got ${describe(this.resolve(field.node))}`);
      return;
    }
    return milliseconds;
  }

  oneOf<T extends string>(field: Field, allowed: readonly T[]): T | undefined {
    const value = this.scalar(field.node);
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      this.fail(field.node, field.path, `expected one of ${allowed.join(', ')}, got ${describe(this.resolve(field.node))}`);
      return;
    }
    return value as T;
  }

  /** `false` (or `off`) turns a setting off; anything else is left to the caller. */
  isOff(field: Field): boolean {
    const value = this.scalar(field.node);
    return value === false || value === 'off';
  }

  private scalar(node: unknown): unknown {
    const value = this.resolve(node);
    return isScalar(value) ? value.value : value;
  }

  private resolve(node: unknown): unknown {
    return isAlias(node) ? node.resolve(this.document) : node;
  }
}

function describe(node: unknown): string {
  if (node === null || node === undefined) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    if (node.value === null) return 'nothing';
    const value = node.value;
    if (typeof value === 'string') return JSON.stringify(value);
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  }
  return 'an unreadable value';
}
