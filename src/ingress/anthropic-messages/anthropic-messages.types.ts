/**
 * Anthropic's Messages API as a client sends it and gets it back (the fields the gateway reads or
 * writes; every other field is kept for a relay and, for a translation, left to the decoder).
 */

export interface MessagesContentBlock {
  type: string;
  [field: string]: unknown;
}

export interface MessagesMessage {
  role: 'user' | 'assistant' | 'system';
  content: string | MessagesContentBlock[];
}

export interface MessagesTool {
  name: string;
  type?: string;
  description?: string;
  input_schema?: Record<string, unknown>;
  [field: string]: unknown;
}

export interface MessagesToolChoice {
  type: string;
  name?: string;
  disable_parallel_tool_use?: boolean;
}

export interface MessagesThinking {
  type: string;
  budget_tokens?: number;
  display?: string;
}

interface MessagesRequestFields {
  model: string;
  messages: MessagesMessage[];
  system?: string | MessagesContentBlock[];
  stream?: boolean;
  stop_sequences?: string[];
  temperature?: number;
  top_p?: number;
  top_k?: number;
  tools?: MessagesTool[];
  tool_choice?: MessagesToolChoice;
  thinking?: MessagesThinking;
  metadata?: { user_id?: string | null; [field: string]: unknown };
  output_config?: { effort?: string; format?: { type: string; schema?: Record<string, unknown> }; [field: string]: unknown };
  [field: string]: unknown;
}

export interface MessagesRequest extends MessagesRequestFields {
  max_tokens: number;
}

/** `POST /v1/messages/count_tokens`: a Messages request whose `max_tokens` is optional. */
export interface CountTokensRequest extends MessagesRequestFields {
  max_tokens?: number;
}

export type MessagesStopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'pause_turn' | 'refusal' | 'model_context_window_exceeded';

export interface MessagesUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
}

export type MessagesOutputBlock =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'redacted_thinking'; data: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

export interface MessagesResponse {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: MessagesOutputBlock[];
  stop_reason: MessagesStopReason | null;
  stop_sequence: string | null;
  usage: MessagesUsage;
}
