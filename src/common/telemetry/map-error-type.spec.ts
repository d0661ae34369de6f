import {
  ClientClosedRequestError,
  InternalError,
  InvalidRequestError,
  PermissionError,
  UpstreamError,
  UpstreamTimeoutError,
  UpstreamUnreachableError,
} from '../errors/gateway-error.js';
import { isUpstreamFailure, mapErrorType } from './map-error-type.js';

describe('mapErrorType', () => {
  it.each([
    [new InvalidRequestError('bad'), 'invalid_request', false],
    [new PermissionError('no'), 'permission_denied', false],
    [new UpstreamError(429, 'slow down', { type: 'whatever_the_provider_says' }), 'upstream_error', true],
    [new UpstreamUnreachableError('down'), 'upstream_unreachable', true],
    [new UpstreamTimeoutError('late'), 'upstream_timeout', true],
    [new ClientClosedRequestError('gone'), 'client_closed', false],
    [new InternalError('oops'), 'internal', false],
  ])('maps %p to %s', (error, type, upstream) => {
    expect(mapErrorType(error)).toBe(type);
    expect(isUpstreamFailure(error)).toBe(upstream);
  });
});
