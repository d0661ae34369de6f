/**
 * Cohere v2 Chat wire objects (snake_case, as the API sends them; the SDK's camelCase names are
 * not wire names), as far as the gateway builds or reads them.
 */

export interface CohereTextContent {
  type: 'text';
  text: string;
}

export interface CohereImageContent {
  type: 'image_url';
  image_url: { url: string; detail?: 'auto' | 'low' | 'high' };
}

export interface CohereToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export type CohereMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string | Array<CohereTextContent | CohereImageContent> }
  | { role: 'assistant'; content?: string; tool_plan?: string; tool_calls?: CohereToolCall[] }
  | { role: 'tool'; tool_call_id: string; content: string | CohereTextContent[] };

export interface CohereTool {
  type: 'function';
  function: { name: string; description?: string; parameters?: Record<string, unknown> };
}

export interface CohereRequest {
  model: string;
  messages: CohereMessage[];
  stream?: boolean;
  max_tokens?: number;
  stop_sequences?: string[];
  temperature?: number;
  p?: number;
  k?: number;
  seed?: number;
  frequency_penalty?: number;
  presence_penalty?: number;
  tools?: CohereTool[];
  strict_tools?: boolean;
  tool_choice?: 'REQUIRED' | 'NONE';
  response_format?: { type: 'text' } | { type: 'json_object'; json_schema?: Record<string, unknown> };
  logprobs?: boolean;
  thinking?: { type: 'enabled' | 'disabled'; token_budget?: number };
}

export interface CohereUsage {
  billed_units?: { input_tokens?: number | null; output_tokens?: number | null } | null;
  tokens?: { input_tokens?: number | null; output_tokens?: number | null } | null;
  cached_tokens?: number | null;
}

/** `message.content` items of a response: `text` and `thinking` reach OpenAI clients. */
export interface CohereOutputContent {
  type: string;
  text?: string;
  thinking?: string;
}

export interface CohereResponse {
  id: string;
  finish_reason?: string | null;
  message?: {
    role?: 'assistant';
    content?: CohereOutputContent[];
    tool_plan?: string;
    tool_calls?: Array<{ id?: string; type?: string; function?: { name?: string; arguments?: unknown } }>;
  };
  usage?: CohereUsage;
}

export type CohereStreamEvent =
  | { type: 'message-start'; id?: string }
  | { type: 'content-start'; index: number; delta?: { message?: { content?: { type?: string; text?: string; thinking?: string } } } }
  | { type: 'content-delta'; index: number; delta?: { message?: { content?: { text?: string; thinking?: string } } } }
  | { type: 'content-end'; index: number }
  | { type: 'tool-plan-delta'; delta?: { message?: { tool_plan?: string } } }
  | {
      type: 'tool-call-start';
      index: number;
      delta?: { message?: { tool_calls?: { id?: string; type?: string; function?: { name?: string; arguments?: string } } } };
    }
  | { type: 'tool-call-delta'; index: number; delta?: { message?: { tool_calls?: { function?: { arguments?: string } } } } }
  | { type: 'tool-call-end'; index: number }
  | { type: 'message-end'; delta?: { finish_reason?: string | null; usage?: CohereUsage; error?: string | null } }
  | { type: 'citation-start' | 'citation-end' | 'debug' };

export interface CohereModelPage {
  models?: Array<{ name?: unknown; is_deprecated?: unknown; endpoints?: unknown }>;
  next_page_token?: string | null;
}
