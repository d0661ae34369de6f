/** The parts of the gateway's OpenAI-format wire objects the UI reads or sends. */

export type ContentPart = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } };

export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

export type ChatMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string | ContentPart[] }
  | { role: 'assistant'; content: string | null; tool_calls?: ToolCall[] };

export interface ToolDefinition {
  type: 'function';
  function: { name: string; description?: string; parameters?: Record<string, unknown> };
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  stream: true;
  stream_options: { include_usage: true };
  temperature?: number;
  max_completion_tokens?: number;
  tools?: ToolDefinition[];
}

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export interface ToolCallDelta {
  index: number;
  id?: string;
  type?: 'function';
  function?: { name?: string; arguments?: string };
}

export interface ChatCompletionChunk {
  choices: Array<{ index: number; delta: { content?: string | null; tool_calls?: ToolCallDelta[] }; finish_reason: string | null }>;
  usage?: Usage | null;
}

export interface ApiErrorDetail {
  message: string;
  type?: string;
  param?: string | null;
  code?: string | null;
}

export interface ModelList {
  data: Array<{ id: string; owned_by?: string }>;
}
