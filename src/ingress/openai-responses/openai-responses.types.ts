/**
 * OpenAI Responses API wire objects, as far as the gateway reads or writes them. Items the client
 * sends are kept as it sent them (`ResponsesItem` is loose on purpose): a stored conversation is
 * replayed as it came.
 */

export type ResponsesItem = Readonly<Record<string, unknown>> & { type?: unknown; role?: unknown };

export interface ResponsesRequestBody {
  model: string;
  input?: string | ResponsesItem[];
  instructions?: string | null;
  tools?: Array<Record<string, unknown> & { type: string }>;
  tool_choice?: string | (Record<string, unknown> & { type: string }) | null;
  parallel_tool_calls?: boolean | null;
  text?: { format?: Record<string, unknown> & { type: string }; verbosity?: string | null } | null;
  reasoning?: { effort?: string | null; summary?: string | null } | null;
  max_output_tokens?: number | null;
  temperature?: number | null;
  top_p?: number | null;
  previous_response_id?: string | null;
  store?: boolean | null;
  stream?: boolean | null;
  metadata?: Record<string, string> | null;
  user?: string | null;
  safety_identifier?: string | null;
  background?: boolean | null;
  conversation?: unknown;
  prompt?: unknown;
  truncation?: string | null;
  [field: string]: unknown;
}

export type OutputTextPart = {
  type: 'output_text';
  text: string;
  annotations: unknown[];
  logprobs: unknown[];
};

export type MessageItem = {
  id: string;
  type: 'message';
  role: 'assistant';
  status: ItemStatus;
  content: OutputTextPart[];
};

export type FunctionCallItem = {
  id: string;
  type: 'function_call';
  status: ItemStatus;
  call_id: string;
  name: string;
  arguments: string;
};

export type ReasoningItem = {
  id: string;
  type: 'reasoning';
  summary: Array<{ type: 'summary_text'; text: string }>;
  encrypted_content?: string;
  status?: ItemStatus;
};

/** A tool the gateway ran itself (an MCP server's), as OpenAI shows the MCP calls it runs. */
export type McpCallItem = {
  id: string;
  type: 'mcp_call';
  status: 'in_progress' | 'completed' | 'failed';
  server_label: string;
  name: string;
  arguments: string;
  output: string | null;
  error: { type: 'mcp_tool_execution_error'; content: Array<{ type: 'text'; text: string }> } | null;
};

export type OutputItem = MessageItem | FunctionCallItem | ReasoningItem | McpCallItem;
export type ItemStatus = 'in_progress' | 'completed' | 'incomplete';

export interface ResponseUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number; cache_write_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

export type ResponseStatus = 'in_progress' | 'completed' | 'incomplete' | 'failed';

/** The Response object (`object: "response"`). */
export interface ResponseObject {
  id: string;
  object: 'response';
  created_at: number;
  status: ResponseStatus;
  background: boolean;
  error: { code: string; message: string } | null;
  incomplete_details: { reason: string } | null;
  instructions: string | null;
  max_output_tokens: number | null;
  model: string;
  output: OutputItem[];
  parallel_tool_calls: boolean;
  previous_response_id: string | null;
  reasoning: { effort: string | null; summary: string | null };
  store: boolean;
  temperature: number;
  text: { format: Record<string, unknown> };
  tool_choice: unknown;
  tools: unknown[];
  top_p: number;
  truncation: string;
  usage: ResponseUsage | null;
  user: string | null;
  metadata: Record<string, string>;
}
