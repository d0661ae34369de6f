import type { ClsStore } from 'nestjs-cls';
import type { HubUsage } from '../../hub/hub-usage.js';
import type { GatewayError } from '../errors/gateway-error.js';
import { OPENAI_CHAT } from '../../hub/hub-dialect.js';

/** A streamed answer, as the exception filter needs it. */
export interface StartedStream {
  readonly started: boolean;
  /** Ends the stream with the error as its last event. */
  fail(error: GatewayError): void;
}

/** Who is calling: an identity verified from an OpenID Connect access token, or an API key of the access file. */
export type Caller = IdentityCaller | KeyCaller;

export interface IdentityCaller {
  kind: 'identity';
  subject: string;
  clientId?: string;
  /** The verified token's claims, for access rules that match on them (never logged). */
  claims?: Readonly<Record<string, unknown>>;
}

export interface KeyCaller {
  kind: 'key';
  /** The key's name in the access file (the key itself is kept nowhere). */
  name: string;
}

/** Who owns what a caller leaves behind (a stored response): its token's subject, or its key's name. */
export function callerOwner(caller: Caller | undefined): string | undefined {
  if (!caller) return undefined;
  return caller.kind === 'identity' ? `sub:${caller.subject}` : `key:${caller.name}`;
}

/** What access control holds for a request while it is served (src/access). */
export interface RequestAccess {
  /** The access rule that applies: a key's name, an identity rule's name, or `defaults`. */
  rule: string;
  /** The rate-limit counters this request has been counted in already (a retry is not a new request). */
  counted: Set<string>;
  /** Concurrency slots the request holds, by counter, with what frees each. */
  held: Map<string, () => void>;
}

/** Headers of the answer that are known before it starts (rate-limit headers): set while it has not started. */
export interface AnswerHeaders {
  set(name: string, value: string): void;
}

/** Where a request went: the provider and the model it knows. */
export interface RouteTaken {
  provider: string;
  model: string;
}

/**
 * What the gateway knows about one request while serving it, shared by the layers that serve it
 * (through nestjs-cls) and read once more when its log line is written.
 */
export interface RequestContext extends ClsStore {
  requestId: string;
  /** `performance.now()` when the request arrived. */
  receivedAt: number;
  /** The client dialect of the route (`openai-chat`, ...): it decides the shape of errors. */
  dialect: string;
  caller?: Caller;
  /** The verdict on the presented credential, shared by the checks that need it. */
  authentication?: Promise<Caller>;
  /** Access control's state for the request, once a provider is about to be called. */
  access?: RequestAccess;
  /** Sets headers of the answer while it has not started. */
  headers?: AnswerHeaders;
  /** Runs `callback` once the answer has ended: sent in full, failed, or cut short by the client. */
  onEnd?(callback: () => void): void;
  /** Why a presented credential was refused, for the log line (never the credential). */
  authFailure?: string;
  /** The provider call that served the request (the last one tried). */
  route?: RouteTaken;
  /** How many provider calls the request made (retries and fallbacks included). */
  attempts?: number;
  /** Tokens of every provider call made for this request. */
  usage?: HubUsage;
  /** The error the client was answered with. */
  error?: GatewayError;
  /** The stream the answer is written as: once it has started, an error must be its last event. */
  stream?: StartedStream;
  /** The telemetry of the request's provider call, when telemetry is on. */
  telemetry?: { end(error?: GatewayError): void };
  /** Size of the request body, once read (large bodies are worked on in several turns of the event loop). */
  bodyBytes?: number;
  /** The trace and span ids of the request's server span, when traces are exported. */
  traceIds?: { trace_id: string; span_id: string };
}

export const DEFAULT_DIALECT = OPENAI_CHAT;
