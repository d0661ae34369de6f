import type { GatewayError } from '../../common/errors/gateway-error.js';

/** How one client dialect frames a stream and shapes its errors. */
export interface IngressDialect {
  id: string;
  /** The error body of an answer that failed before any byte of it was sent: an object, or JSON text to send as it is. */
  errorBody(error: GatewayError): object | string;
  /** The status the error is answered with (a dialect may use its own, e.g. 529 for overload). */
  errorStatus?(error: GatewayError): number;
  sse: {
    /** What a complete stream ends with, after its last event (none for dialects whose last event says so). */
    terminator: string;
    /** The one event a stream that fails after it started ends with. */
    errorFrame(error: GatewayError): string;
  };
}
