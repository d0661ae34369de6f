import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** A schema of the official Cohere SDK's serialisation layer (snake_case wire names). */
export interface CohereWireSchema {
  parse(value: unknown, options?: Record<string, unknown>): { ok: true; value: unknown } | { ok: false; errors: Array<{ path: string[]; message: string }> };
}

const require = createRequire(import.meta.url);
// The SDK validates with these schemas internally but does not export them; they are loaded from its files.
const serialization = require(join(dirname(require.resolve('cohere-ai')), 'serialization')) as Record<string, CohereWireSchema>;

/**
 * Requests are checked strictly: an unknown key is an error, so a wire name the gateway misspells
 * (or an OpenAI field it forgets to drop) fails. Responses may carry keys the SDK does not type
 * (the API sends more in `message-start` than the SDK declares), so there only the declared fields
 * are checked: types, required fields, enum values, union tags.
 */
const REQUEST_RULES = { unrecognizedObjectKeys: 'fail', allowUnrecognizedUnionMembers: false, allowUnrecognizedEnumValues: false, skipValidation: false };
const RESPONSE_RULES = { ...REQUEST_RULES, unrecognizedObjectKeys: 'passthrough' };

type SchemaName = 'V2ChatRequest' | 'V2ChatResponse' | 'V2ChatStreamResponse' | 'ListModelsResponse' | 'V2EmbedRequest' | 'EmbedByTypeResponse';

/** Problems the official schema finds in a value, as `path: message` lines (empty when it conforms). */
export function cohereWireProblems(schemaName: SchemaName, value: unknown): string[] {
  const result = serialization[schemaName].parse(value, schemaName.endsWith('Request') ? REQUEST_RULES : RESPONSE_RULES);
  return result.ok ? [] : result.errors.map((error) => `${error.path.join('.')}: ${error.message}`);
}

/** The value as the official SDK reads it (camelCase), for asserting that the mock's wire names are the real ones. */
export function readAsCohereSdk(schemaName: SchemaName, value: unknown): unknown {
  const result = serialization[schemaName].parse(value, RESPONSE_RULES);
  if (!result.ok) throw new Error(`not a Cohere ${schemaName}: ${JSON.stringify(result.errors)}`);
  return result.value;
}
