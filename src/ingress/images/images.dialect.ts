import type { GatewayError } from '../../common/errors/gateway-error.js';
import type { IngressDialect } from '../http/ingress-dialect.js';

export const IMAGES = 'openai-images';

/** OpenAI's Images API: OpenAI's error body; a stream of partial images ends with its `*.completed` event, no terminator. */
export const IMAGES_DIALECT: IngressDialect = {
  id: IMAGES,
  errorBody: (error: GatewayError) => error.toBody(),
  sse: { terminator: '', errorFrame: (error: GatewayError) => `event: error\ndata: ${JSON.stringify(error.toBody())}\n\n` },
};
