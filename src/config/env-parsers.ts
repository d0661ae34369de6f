/** Thrown at start-up when an environment variable is invalid; the message names the variable. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

export type Env = Record<string, string | undefined>;

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/;
const DURATION_UNITS_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Parses `500ms`, `30s`, `2m`, `1h` or a bare number of seconds into milliseconds. */
export function duration(env: Env, name: string, fallback: string): number {
  const raw = (env[name] ?? fallback).trim();
  const milliseconds = parseDuration(raw);
  if (milliseconds === undefined) throw new ConfigError(name, `expected a duration such as 30s, 2m or 500ms, got "${raw}"`);
  return milliseconds;
}

/** `500ms`, `30s`, `2m`, `1h` or a bare number of seconds in milliseconds; undefined when it is none of these. */
export function parseDuration(raw: string): number | undefined {
  const match = DURATION.exec(raw.trim());
  return match ? Math.round(Number(match[1]) * DURATION_UNITS_MS[match[2] ?? 's']) : undefined;
}

const SIZE = /^(\d+)\s*(b|kb|kib|mb|mib|gb|gib)?$/i;
const SIZE_UNITS: Record<string, number> = {
  b: 1,
  kb: 1000,
  kib: 1024,
  mb: 1000 ** 2,
  mib: 1024 ** 2,
  gb: 1000 ** 3,
  gib: 1024 ** 3,
};

/** Parses a byte size: `10485760`, `10MiB`, `512KB`. */
export function byteSize(env: Env, name: string, fallback: string): number {
  const raw = (env[name] ?? fallback).trim();
  const match = SIZE.exec(raw);
  if (!match) throw new ConfigError(name, `expected a size such as 10MiB or 1048576, got "${raw}"`);
  return Number(match[1]) * SIZE_UNITS[(match[2] ?? 'b').toLowerCase()];
}

export function integer(env: Env, name: string, fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(name, `expected an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

export function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['true', '1', 'yes', 'on'].includes(raw)) return true;
  if (['false', '0', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(name, `expected true or false, got "${env[name]}"`);
}

export function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `expected one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

/** A comma-separated list, trimmed, empty entries dropped. */
export function list(env: Env, name: string): string[] {
  return (env[name] ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
}

export function httpUrl(env: Env, name: string, fallback: string): string {
  const raw = (env[name] ?? fallback).trim();
  let url: URL;
  try {
    url = new URL(raw.replace(/\{[A-Z_]+\}/g, 'placeholder'));
  } catch {
    throw new ConfigError(name, `expected an http(s) URL, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(name, `expected an http(s) URL, got "${raw}"`);
  }
  return raw.replace(/\/+$/, '');
}
