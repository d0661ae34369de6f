import { UpstreamError, type GatewayErrorOptions } from './gateway-error.js';

/**
 * An error answered by a provider that speaks the client's own dialect (same-dialect passthrough):
 * its status and type as the provider gave them, and its error body as the provider wrote it, so
 * the client gets the provider's error unchanged.
 */
export class RelayedUpstreamError extends UpstreamError {
  /** The message as the provider wrote it: once the gateway has redacted the message, the body is no longer sent as it is. */
  readonly originalMessage: string;

  constructor(
    /** The dialect the body is written in. */
    readonly dialect: string,
    status: number,
    /** The provider's error body (an HTTP body, or the data of an error event), as it sent it (secrets taken out by the exception filter). */
    public body: string,
    message: string,
    options: GatewayErrorOptions & { type: string },
  ) {
    super(status, message, options);
    this.originalMessage = message;
  }
}
