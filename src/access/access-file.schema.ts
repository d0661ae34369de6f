/** JSON Schema of the access file (YAML), checked before its values are read. */

const COUNT = { type: 'integer', minimum: 1 };

const WINDOW_LIMITS = {
  rpm: { ...COUNT, description: 'requests per minute' },
  tpm: { ...COUNT, description: 'tokens (input + output) per minute' },
  concurrency: { ...COUNT, description: 'requests in flight at once' },
};

const MODEL_LIST = { type: 'array', items: { type: 'string', minLength: 1 } };

const LIMITS = {
  type: 'object',
  additionalProperties: false,
  properties: {
    ...WINDOW_LIMITS,
    models: {
      type: 'object',
      description: 'limits per model pattern, on top of the caller limits',
      additionalProperties: { type: 'object', additionalProperties: false, minProperties: 1, properties: WINDOW_LIMITS },
    },
  },
};

const BUDGET = {
  type: 'object',
  additionalProperties: false,
  required: ['usd', 'period'],
  properties: {
    usd: { type: 'number', exclusiveMinimum: 0 },
    period: { type: 'string', pattern: '^(total|[1-9][0-9]*(s|m|h|d))$', description: '1d, 7d, 30d, total (or any number of s, m, h, d)' },
  },
};

const RULE = { models: MODEL_LIST, limits: LIMITS, budget: BUDGET, admin: { type: 'boolean' } };

const NAME = { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._:@-]{0,63}$', description: 'letters, digits and . _ : @ - (at most 64)' };

const PRICE = {
  type: 'object',
  additionalProperties: false,
  required: ['input', 'output'],
  properties: Object.fromEntries(['input', 'output', 'cache_read', 'cache_write', 'reasoning'].map((name) => [name, { type: 'number', minimum: 0 }])),
};

export const ACCESS_FILE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    keys: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'sha256'],
        properties: { name: NAME, sha256: { type: 'string', pattern: '^[0-9a-fA-F]{64}$', description: 'the hex SHA-256 of the key' }, ...RULE },
      },
    },
    identities: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['match'],
        properties: {
          name: NAME,
          match: {
            type: 'object',
            additionalProperties: false,
            minProperties: 1,
            properties: { client_id: { type: 'string', minLength: 1 }, sub: { type: 'string', minLength: 1 }, group: { type: 'string', minLength: 1 } },
          },
          ...RULE,
        },
      },
    },
    defaults: { type: 'object', additionalProperties: false, properties: RULE },
    groups_claim: { type: 'string', minLength: 1 },
    prices: { type: 'object', description: 'USD per million tokens, per model pattern', additionalProperties: PRICE },
  },
} as const;
