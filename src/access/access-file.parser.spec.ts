import { AccessFileError, parseAccessFile } from './access-file.parser.js';

const HASH = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
const OTHER_HASH = 'a'.repeat(64);

const parse = (text: string) => parseAccessFile(text, 'access.yaml');

describe('parseAccessFile', () => {
  it("reads the issue's example file", () => {
    const policy = parse(`
keys:
  - name: team-search                 # shown in logs, metrics, usage
    sha256: ${HASH.toUpperCase()}
    models: ["openai/*", "anthropic/claude-*", "smart"]
    limits: { rpm: 600, tpm: 200000, concurrency: 20, models: { "openai/gpt-4o*": { rpm: 60 } } }
    budget: { usd: 50, period: 30d }
identities:
  - match: { client_id: batch-job }
    limits: { rpm: 60 }
  - name: platform
    match: { group: platform-admins }
    admin: true
defaults: { limits: { rpm: 120 } }
prices:
  "ollama/*": { input: 0, output: 0 }
`);
    const [key] = policy.keys;
    expect(key.name).toBe('team-search');
    expect(key.sha256.toString('hex')).toBe(HASH);
    expect(policy.keysByHash.get(HASH)).toBe(key);
    expect(key.models?.map((pattern) => pattern.source)).toEqual(['openai/*', 'anthropic/claude-*', 'smart']);
    expect(key.limits).toMatchObject({ rpm: 600, tpm: 200000, concurrency: 20 });
    expect(key.limits.models[0]).toMatchObject({ rpm: 60 });
    expect(key.limits.models[0].pattern.matches('openai/gpt-4o-mini')).toBe(true);
    expect(key.budget).toEqual({ usd: 50, period: { label: '30d', ms: 30 * 86_400_000 } });
    expect(policy.identities.map((rule) => [rule.name, rule.match, rule.admin])).toEqual([
      ['client_id:batch-job', { clientId: 'batch-job', subject: undefined, group: undefined }, false],
      ['platform', { clientId: undefined, subject: undefined, group: 'platform-admins' }, true],
    ]);
    expect(policy.defaults).toMatchObject({ name: 'defaults', limits: { rpm: 120, models: [] } });
    expect(policy.groupsClaim).toBe('groups');
    expect(policy.prices[0].price).toEqual({ input: 0, output: 0, cacheRead: undefined, cacheWrite: undefined, reasoning: undefined });
  });

  it('reads an empty file as no keys and no rules', () => {
    expect(parse('').keys).toEqual([]);
  });

  it.each([
    ['a wrong type', `keys:\n  - name: a\n    sha256: ${HASH}\n    limits:\n      rpm: many\n`, 'access.yaml line 5: keys[0] (a).limits.rpm must be integer'],
    ['a limit of zero', `keys:\n  - name: a\n    sha256: ${HASH}\n    limits: { tpm: 0 }\n`, 'access.yaml line 4: keys[0] (a).limits.tpm must be >= 1'],
    [
      'an unknown setting',
      `keys:\n  - name: a\n    sha256: ${HASH}\n    limit: { rpm: 1 }\n`,
      'access.yaml line 2: keys[0] (a) has an unknown setting "limit"',
    ],
    ['a missing hash', `keys:\n  - name: a\n`, 'access.yaml line 2: keys[0] (a) needs "sha256"'],
    [
      'a hash that is not SHA-256 hex',
      `keys:\n  - name: a\n    sha256: sk-plain-key\n`,
      'access.yaml line 3: keys[0] (a).sha256 is not valid: expected the hex SHA-256 of the key',
    ],
    [
      'a bad period',
      `defaults:\n  budget: { usd: 5, period: monthly }\n`,
      'access.yaml line 2: defaults.budget.period is not valid: expected 1d, 7d, 30d, total',
    ],
    ['an identity rule matching nothing', `identities:\n  - match: {}\n`, 'access.yaml line 2: identities[0].match must NOT have fewer than 1 properties'],
    [
      'a name used twice',
      `keys:\n  - name: a\n    sha256: ${HASH}\n  - name: a\n    sha256: ${OTHER_HASH}\n`,
      'access.yaml line 4: keys[1] (a).name is "a", a name used already',
    ],
    [
      'a key listed twice',
      `keys:\n  - name: a\n    sha256: ${HASH}\n  - name: b\n    sha256: ${HASH}\n`,
      'access.yaml line 5: keys[1] (b).sha256 is the hash of a key listed already, as "a"',
    ],
    ['the reserved name defaults', `keys:\n  - name: defaults\n    sha256: ${HASH}\n`, 'line 2: keys[0] (defaults).name is "defaults", a name used already'],
    ['YAML that does not parse', `keys:\n  - name: a\n   sha256: [\n`, 'access.yaml line 3: not valid YAML'],
    ['a setting given twice', `defaults: {}\ndefaults: {}\n`, 'access.yaml line 2: not valid YAML: Map keys must be unique'],
    ['a file that is not a map', `- a\n- b\n`, 'access.yaml line 1: the file must be object'],
  ])('refuses %s, naming the line and the setting', (_name, text, message) => {
    expect(() => parse(text)).toThrow(AccessFileError);
    expect(() => parse(text)).toThrow(message);
  });

  it('never quotes a key hash in an error', () => {
    const text = `keys:\n  - name: a\n    sha256: ${HASH}\n    budget: { usd: -1, period: 1d }\n`;
    expect(() => parse(text)).toThrow(/line 4: keys\[0\] \(a\)\.budget\.usd must be > 0/);
    try {
      parse(text);
    } catch (error) {
      expect((error as Error).message).not.toContain(HASH);
    }
  });
});
