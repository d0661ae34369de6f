import type { GatewayError } from '../../common/errors/gateway-error.js';
import type { IngressDialect } from '../http/ingress-dialect.js';

export const EMBEDDINGS = 'openai-embeddings';

/** OpenAI's embeddings route: OpenAI's error body; it never streams. */
export const EMBEDDINGS_DIALECT: IngressDialect = {
  id: EMBEDDINGS,
  errorBody: (error: GatewayError) => error.toBody(),
  sse: { terminator: '', errorFrame: (error: GatewayError) => `data: ${JSON.stringify(error.toBody())}\n\n` },
};
