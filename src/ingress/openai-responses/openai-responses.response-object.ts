import { randomBytes } from 'node:crypto';
import type { HubFinish } from '../../hub/hub-finish-reason.js';
import type { HubUsage } from '../../hub/hub-usage.js';
import type { ResponseObject, ResponsesRequestBody, ResponseStatus, ResponseUsage } from './openai-responses.types.js';

/** A new id for a response (`resp_…`) or an output item (`msg_…`, `fc_…`, `rs_…`, `mcp_…`): random, so ids are unique across replicas. */
export function newId(prefix: 'resp' | 'msg' | 'fc' | 'rs' | 'mcp'): string {
  return `${prefix}_${randomBytes(24).toString('hex')}`;
}

export interface ResponseIdentity {
  id: string;
  /** Unix seconds. */
  createdAt: number;
  model: string;
}

/**
 * The Response object of a request before any output: `in_progress`, the request's settings
 * echoed with OpenAI's defaults where the client set none (strict clients read these keys).
 */
export function responseSkeleton(identity: ResponseIdentity, body: ResponsesRequestBody): ResponseObject {
  const reasoning = body.reasoning ?? {};
  return {
    id: identity.id,
    object: 'response',
    created_at: identity.createdAt,
    status: 'in_progress',
    background: false,
    error: null,
    incomplete_details: null,
    instructions: typeof body.instructions === 'string' ? body.instructions : null,
    max_output_tokens: typeof body.max_output_tokens === 'number' ? body.max_output_tokens : null,
    model: identity.model,
    output: [],
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    previous_response_id: typeof body.previous_response_id === 'string' ? body.previous_response_id : null,
    reasoning: { effort: reasoning.effort ?? null, summary: reasoning.summary ?? null },
    store: body.store !== false,
    temperature: body.temperature ?? 1,
    text: { format: body.text?.format ?? { type: 'text' } },
    tool_choice: body.tool_choice ?? 'auto',
    tools: body.tools ?? [],
    top_p: body.top_p ?? 1,
    truncation: body.truncation ?? 'disabled',
    usage: null,
    user: typeof body.user === 'string' ? body.user : null,
    metadata: body.metadata ?? {},
  };
}

/** Hub usage as Responses reports it, the details always present (0 when the provider said nothing). */
export function toResponseUsage(usage: HubUsage | undefined): ResponseUsage {
  const input = usage?.inputTokens ?? 0;
  const output = usage?.outputTokens ?? 0;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: usage?.cacheReadTokens ?? 0, cache_write_tokens: usage?.cacheWriteTokens ?? 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: usage?.reasoningTokens ?? 0 },
    total_tokens: input + output,
  };
}

/** How a finished answer ends as a response: `incomplete` when cut by the token limit or a content filter. */
export function toResponseStatus(finish: HubFinish | undefined): { status: ResponseStatus; incompleteDetails: { reason: string } | null } {
  if (finish?.reason === 'length') return { status: 'incomplete', incompleteDetails: { reason: 'max_output_tokens' } };
  if (finish?.reason === 'content-filter') return { status: 'incomplete', incompleteDetails: { reason: 'content_filter' } };
  return { status: 'completed', incompleteDetails: null };
}
