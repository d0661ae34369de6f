import { Ajv, type ErrorObject } from 'ajv';
import { isMap, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { ACCESS_FILE_SCHEMA } from './access-file.schema.js';
import {
  DEFAULTS_RULE_NAME,
  type AccessPolicy,
  type AccessRule,
  type Budget,
  type BudgetPeriod,
  type IdentityRule,
  type KeyRule,
  type Limits,
  type Price,
  type PriceOverride,
  type WindowLimits,
} from './access-policy.js';
import { toModelPattern } from './model-pattern.js';

/** The access file is not valid; the message names the line and the setting. */
export class AccessFileError extends Error {
  override name = 'AccessFileError';
}

type Path = ReadonlyArray<string | number>;

interface RawWindow {
  rpm?: number;
  tpm?: number;
  concurrency?: number;
}
interface RawRule {
  name?: string;
  models?: string[];
  limits?: RawWindow & { models?: Record<string, RawWindow> };
  budget?: { usd: number; period: string };
  admin?: boolean;
}
interface RawFile {
  keys?: Array<RawRule & { name: string; sha256: string }>;
  identities?: Array<RawRule & { match: { client_id?: string; sub?: string; group?: string } }>;
  defaults?: RawRule;
  groups_claim?: string;
  prices?: Record<string, { input: number; output: number; cache_read?: number; cache_write?: number; reasoning?: number }>;
}

const validate = new Ajv({ allErrors: false, strict: true, strictTypes: false, verbose: true }).compile<RawFile>(ACCESS_FILE_SCHEMA);
const PERIOD_UNITS_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Reads an access file (YAML): its syntax, its shape (every setting known and of the right type)
 * and what the shape cannot say (names and keys listed once). Throws an AccessFileError naming the
 * line and the setting; the keys' hashes are never quoted.
 */
export function parseAccessFile(text: string, fileName: string): AccessPolicy {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const where = (path: Path, message: string) =>
    new AccessFileError(`${fileName} line ${lineOf(document, lineCounter, path)}: ${describePath(document, path)}${message}`);
  const syntax = document.errors[0];
  if (syntax) {
    const line = lineCounter.linePos(syntax.pos[0]).line;
    throw new AccessFileError(`${fileName} line ${line}: not valid YAML: ${syntax.message.split('\n')[0]}`);
  }
  const raw: unknown = document.toJS() ?? {};
  if (!validate(raw)) {
    const error = (validate.errors ?? [])[0] as ErrorObject | undefined;
    const path = pointerToPath(error?.instancePath ?? '');
    throw where(path, describeError(error));
  }

  const names = new Map<string, Path>([[DEFAULTS_RULE_NAME, ['defaults']]]);
  const claimName = (name: string, path: Path) => {
    if (names.has(name)) throw where(path, `is "${name}", a name used already (names are shown in logs, metrics and usage, and must be unique)`);
    names.set(name, path);
  };
  const keysByHash = new Map<string, KeyRule>();
  const keys = (raw.keys ?? []).map((entry, index): KeyRule => {
    claimName(entry.name, ['keys', index, 'name']);
    const hash = entry.sha256.toLowerCase();
    if (keysByHash.has(hash)) throw where(['keys', index, 'sha256'], `is the hash of a key listed already, as "${keysByHash.get(hash)?.name}"`);
    const rule: KeyRule = { ...toRule(entry, entry.name), sha256: Buffer.from(hash, 'hex') };
    keysByHash.set(hash, rule);
    return rule;
  });
  const identities = (raw.identities ?? []).map((entry, index): IdentityRule => {
    const { client_id: clientId, sub: subject, group } = entry.match;
    const name = entry.name ?? [clientId && `client_id:${clientId}`, subject && `sub:${subject}`, group && `group:${group}`].filter(Boolean).join(',');
    claimName(name, ['identities', index, entry.name === undefined ? 'match' : 'name']);
    return { ...toRule(entry, name), match: { clientId, subject, group } };
  });
  return {
    keys,
    keysByHash,
    identities,
    defaults: toRule(raw.defaults ?? {}, DEFAULTS_RULE_NAME),
    groupsClaim: raw.groups_claim ?? 'groups',
    prices: Object.entries(raw.prices ?? {}).map(([pattern, price]): PriceOverride => ({ pattern: toModelPattern(pattern), price: toPrice(price) })),
  };
}

function toRule(entry: RawRule, name: string): AccessRule {
  const limits: Limits = {
    ...windowOf(entry.limits),
    models: Object.entries(entry.limits?.models ?? {}).map(([pattern, window]) => ({ pattern: toModelPattern(pattern), ...windowOf(window) })),
  };
  return {
    name,
    models: entry.models?.map(toModelPattern),
    limits,
    budget: entry.budget ? toBudget(entry.budget) : undefined,
    admin: entry.admin === true,
  };
}

function windowOf(window: RawWindow | undefined): WindowLimits {
  const limits: WindowLimits = {};
  if (window?.rpm !== undefined) limits.rpm = window.rpm;
  if (window?.tpm !== undefined) limits.tpm = window.tpm;
  if (window?.concurrency !== undefined) limits.concurrency = window.concurrency;
  return limits;
}

function toBudget(budget: { usd: number; period: string }): Budget {
  return { usd: budget.usd, period: toPeriod(budget.period) };
}

export function toPeriod(label: string): BudgetPeriod {
  if (label === 'total') return { label };
  const match = /^(\d+)([smhd])$/.exec(label);
  if (!match) throw new AccessFileError(`not a period: ${label}`);
  return { label, ms: Number(match[1]) * PERIOD_UNITS_MS[match[2]] };
}

function toPrice(price: { input: number; output: number; cache_read?: number; cache_write?: number; reasoning?: number }): Price {
  return { input: price.input, output: price.output, cacheRead: price.cache_read, cacheWrite: price.cache_write, reasoning: price.reasoning };
}

/** `/keys/0/limits` as ['keys', 0, 'limits']. */
function pointerToPath(pointer: string): Path {
  return pointer
    .split('/')
    .slice(1)
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment));
}

function describeError(error: ErrorObject | undefined): string {
  if (!error) return 'is not valid';
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `has an unknown setting "${String(params.additionalProperty)}"`;
    case 'required':
      return `needs "${String(params.missingProperty)}"`;
    case 'pattern': {
      const description = (error.parentSchema as { description?: string } | undefined)?.description;
      return `is not valid${description ? `: expected ${description}` : ''}`;
    }
    default:
      return error.message ?? 'is not valid';
  }
}

/** `keys[1] (team-search).limits.rpm: `, naming a key by its name where it has one. */
function describePath(document: Document, path: Path): string {
  if (path.length === 0) return 'the file ';
  let text = '';
  path.forEach((segment, index) => {
    if (typeof segment === 'number') {
      text += `[${segment}]`;
      const name = document.getIn([...path.slice(0, index + 1), 'name']);
      if (typeof name === 'string' && index === 1) text += ` (${name})`;
    } else text += text ? `.${segment}` : segment;
  });
  return `${text} `;
}

/** The line of the deepest node of `path` the document has (1 when it has none). */
function lineOf(document: Document, lineCounter: LineCounter, path: Path): number {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? document.contents : (document.getIn(path.slice(0, depth), true) as Node | undefined);
    const keyNode = depth > 0 ? keyNodeOf(document, path.slice(0, depth)) : undefined;
    const offset = keyNode?.range?.[0] ?? node?.range?.[0];
    if (offset !== undefined) return lineCounter.linePos(offset).line;
  }
  return 1;
}

/** The key of a map entry (where a setting's line is), when the path ends in one. */
function keyNodeOf(document: Document, path: Path): Node | undefined {
  const parent = path.length === 1 ? document.contents : document.getIn(path.slice(0, -1), true);
  if (!isMap(parent)) return undefined;
  const last = path[path.length - 1];
  const pair = parent.items.find((item) => isScalar(item.key) && item.key.value === last);
  return pair && isScalar(pair.key) ? pair.key : undefined;
}
