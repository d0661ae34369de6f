/**
 * The request format the gateway owns: what every client dialect decodes into and every provider
 * encodes from. It keeps what a lossy middle format would drop: reasoning with its signature,
 * redacted reasoning, cache breakpoints, and a bag of options only one provider understands.
 */

/** A prompt-cache breakpoint (Anthropic's `cache_control`), kept as the client sent it. */
export type HubCacheControl = Readonly<Record<string, unknown>> & { type: string };

/** Where a part came from in the client's request (`messages[2].content[0]`), for error messages. */
interface Located {
  path?: string;
}

export type HubMediaSource = { kind: 'base64'; mediaType: string; data: string } | { kind: 'url'; url: string } | { kind: 'file'; fileId: string };

export interface HubTextPart extends Located {
  type: 'text';
  text: string;
  cacheControl?: HubCacheControl;
}

export interface HubImagePart extends Located {
  type: 'image';
  source: HubMediaSource;
  /** Where the source itself is in the client's request. */
  sourcePath?: string;
  detail?: string;
  cacheControl?: HubCacheControl;
}

export interface HubDocumentPart extends Located {
  type: 'document';
  /** PDFs and other files as media; plain text as `text`. */
  source: HubMediaSource | { kind: 'text'; text: string };
  sourcePath?: string;
  title?: string;
  cacheControl?: HubCacheControl;
}

/** Model reasoning. `signature` proves it to the provider that issued it; `redactedData` is reasoning the provider encrypted. */
export interface HubReasoningPart extends Located {
  type: 'reasoning';
  text: string;
  signature?: string;
  redactedData?: string;
}

export interface HubToolCallPart extends Located {
  type: 'tool-call';
  id: string;
  name: string;
  /** The arguments as JSON text, as the model produced them. */
  arguments: string;
  argumentsPath?: string;
  cacheControl?: HubCacheControl;
}

export interface HubToolResultPart extends Located {
  type: 'tool-result';
  callId: string;
  content: Array<HubTextPart | HubImagePart>;
  isError?: boolean;
  cacheControl?: HubCacheControl;
}

/** A part of a kind only its own dialect knows (OpenAI `input_audio`, ...): re-encoded verbatim into that dialect, refused elsewhere. */
export interface HubOpaquePart extends Located {
  type: 'opaque';
  dialect: string;
  kind: string;
  value: unknown;
}

export type HubPart = HubTextPart | HubImagePart | HubDocumentPart | HubReasoningPart | HubToolCallPart | HubToolResultPart | HubOpaquePart;

export type HubRole = 'system' | 'user' | 'assistant' | 'tool';

export interface HubMessage extends Located {
  role: HubRole;
  parts: HubPart[];
  /** A participant name (OpenAI `name`), where the provider has a place for it. */
  name?: string;
  /** The client sent the content as one string rather than parts (kept where the provider has both forms). */
  stringContent?: boolean;
}

export interface HubTool extends Located {
  name: string;
  description?: string;
  /** JSON Schema of the arguments. */
  parameters?: Record<string, unknown>;
  strict?: boolean;
  cacheControl?: HubCacheControl;
}

export type HubToolChoice = { type: 'auto' } | { type: 'none' } | { type: 'required' } | { type: 'tool'; name: string };

export type HubResponseFormat =
  { type: 'text' } | { type: 'json' } | { type: 'json-schema'; schema: Record<string, unknown>; name?: string; description?: string; strict?: boolean };

export interface HubReasoning {
  /** `minimal` ... `xhigh`, or `none` to switch reasoning off. */
  effort?: string;
  /** An explicit token budget (Anthropic's `budget_tokens`). */
  budgetTokens?: number;
}

/** Options for one provider only, keyed by provider family (`anthropic`, `openai`, `cohere`). */
export type HubProviderOptions = Partial<Record<string, Record<string, unknown>>>;

export interface HubRequest {
  messages: HubMessage[];
  stream: boolean;
  tools?: HubTool[];
  toolChoice?: HubToolChoice;
  parallelToolCalls?: boolean;
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stop?: string[];
  seed?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  /** Number of choices; providers that return one refuse more. */
  choices?: number;
  logprobs?: boolean;
  /** The end user, for the provider's abuse monitoring. */
  user?: string;
  responseFormat?: HubResponseFormat;
  reasoning?: HubReasoning;
  providerOptions: HubProviderOptions;
  /** Where fields came from in the client's request (`maxTokens: 'max_completion_tokens'`), for error messages. */
  paths?: Partial<Record<'maxTokens' | 'reasoning' | 'toolChoice' | 'responseFormat' | 'choices', string>>;
}

/** The client's name for a field, for an error message. */
export function fieldPath(request: HubRequest, field: keyof NonNullable<HubRequest['paths']>, fallback: string): string {
  return request.paths?.[field] ?? fallback;
}
