import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { readFileSync } from 'node:fs';
import { timingSafeEqual } from 'node:crypto';
import { ApiKeyVerifier } from '../auth/api-key-verifier.js';
import type { Caller } from '../common/context/request-context.js';
import { accessConfig } from '../config/access.config.js';
import { ConfigError } from '../config/env-parsers.js';
import { AccessFileError, parseAccessFile } from './access-file.parser.js';
import type { AccessPolicy, AccessRule, IdentityMatch } from './access-policy.js';
import { watchConfigFile } from './access-file.watcher.js';
import { digestApiKey } from './api-key.js';
import { PriceTable } from './price-table.js';

/** The caller's rule, and the id its counters are kept under. */
export interface CallerRule {
  rule: AccessRule;
  /** `key:<name>` or `identity:<subject>`. */
  counter: string;
}

/**
 * The access file (ACCESS_CONFIG_PATH): read at start (a bad file stops start-up, naming the line
 * and the setting), read again whenever it changes (a bad new file is refused and logged; the
 * previous one stays in force). Answers which key a presented credential is and which rule
 * applies to a caller.
 */
@Injectable()
export class AccessPolicyService extends ApiKeyVerifier implements OnApplicationShutdown {
  private readonly logger = new Logger('Access');
  readonly enabled: boolean;
  private current: AccessPolicy | undefined;
  private currentText = '';
  private priceTable = new PriceTable([]);
  private stopWatching: (() => void) | undefined;

  constructor(@Inject(accessConfig.KEY) private readonly config: ConfigType<typeof accessConfig>) {
    super();
    this.enabled = config.enabled;
    if (!config.enabled) return;
    try {
      this.load(readFileSync(config.path, 'utf8'));
    } catch (error) {
      if (error instanceof AccessFileError) throw new ConfigError('ACCESS_CONFIG_PATH', error.message);
      throw new ConfigError('ACCESS_CONFIG_PATH', `cannot read ${config.path}: ${(error as Error).message}`);
    }
    this.stopWatching = watchConfigFile(config.path, () => this.reload());
  }

  get policy(): AccessPolicy | undefined {
    return this.current;
  }

  get prices(): PriceTable {
    return this.priceTable;
  }

  /**
   * Keys are found by the SHA-256 of what was presented: the lookup's timing depends on that hash,
   * which tells nothing of any listed key; the hashes are then compared in constant time.
   */
  verify(presented: string): string | undefined {
    const digest = digestApiKey(presented);
    const rule = this.current?.keysByHash.get(digest.toString('hex'));
    return rule && timingSafeEqual(rule.sha256, digest) ? rule.name : undefined;
  }

  /** The rule for a caller: its key's, the first identity rule that matches it, or the defaults; undefined for a key no longer listed. */
  ruleFor(caller: Caller): CallerRule | undefined {
    const policy = this.current;
    if (!policy) return undefined;
    if (caller.kind === 'key') {
      const rule = policy.keys.find((key) => key.name === caller.name);
      return rule && { rule, counter: `key:${rule.name}` };
    }
    const rule = policy.identities.find((candidate) => matches(candidate.match, caller, policy.groupsClaim)) ?? policy.defaults;
    return { rule, counter: `identity:${caller.subject}` };
  }

  onApplicationShutdown(): void {
    this.stopWatching?.();
  }

  private load(text: string): AccessPolicy {
    const policy = parseAccessFile(text, this.config.path);
    this.current = policy;
    this.currentText = text;
    this.priceTable = new PriceTable(policy.prices);
    return policy;
  }

  private reload(): void {
    let text: string;
    try {
      text = readFileSync(this.config.path, 'utf8');
    } catch (error) {
      this.logger.warn(`access file ${this.config.path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}); the previous one stays in force`);
      return;
    }
    if (text === this.currentText) return;
    try {
      const policy = this.load(text);
      this.logger.log(`access file reloaded: ${describe(policy)}`);
    } catch (error) {
      this.currentText = text; // refused once, not again until it changes
      this.logger.warn(`access file refused, the previous one stays in force: ${(error as Error).message}`);
    }
  }

  /** What the file holds, for the start-up line. */
  describe(): string {
    return this.current ? describe(this.current) : 'no access file';
  }
}

function describe(policy: AccessPolicy): string {
  return `${policy.keys.length} key(s), ${policy.identities.length} identity rule(s), ${policy.prices.length} price override(s)`;
}

function matches(match: IdentityMatch, caller: Extract<Caller, { kind: 'identity' }>, groupsClaim: string): boolean {
  if (match.clientId !== undefined && match.clientId !== caller.clientId) return false;
  if (match.subject !== undefined && match.subject !== caller.subject) return false;
  if (match.group !== undefined && !groupsOf(caller.claims?.[groupsClaim]).includes(match.group)) return false;
  return true;
}

/** A groups claim: an array of strings, or one string of space-separated values (as `scope` is). */
function groupsOf(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.filter((value): value is string => typeof value === 'string');
  return typeof claim === 'string' ? claim.split(/\s+/) : [];
}
