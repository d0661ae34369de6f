import type { OperationObject, PathItemObject } from '@nestjs/swagger';

/** The OpenAPI path of `ANY /proxy/<provider>/<path>` (the route takes any method; the usual five are documented). */
export const PROXY_OPENAPI_PATH = '/proxy/{provider}/{path}';

const ERROR = { content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiErrorDto' } } } };

function operation(method: string, summary: string): OperationObject {
  return {
    operationId: `proxy_${method}`,
    summary,
    description:
      "The provider's own API under its configured base URL, with the provider's key instead of the caller's credentials; " +
      'the answer (streams included) relayed as it comes. As an SDK base URL, `/proxy/<provider>` works as it stands: a version ' +
      "segment the provider's base URL already ends with is not doubled (`/proxy/anthropic/v1/messages` reaches `…/v1/messages`) " +
      'and `anthropic-version` is added when the caller sent none. A body that names a `model` is held to the model allow-list.',
    parameters: [
      { name: 'provider', in: 'path', required: true, description: 'A configured provider id', schema: { type: 'string', example: 'openai' } },
      {
        name: 'path',
        in: 'path',
        required: true,
        // Swagger UI percent-encodes a slash in a path parameter, and the proxy refuses encoded slashes: one segment here.
        description: "The path under the provider's base URL, with its query (several segments: call the URL directly, e.g. `/proxy/anthropic/v1/messages`)",
        schema: { type: 'string', example: 'models' },
      },
    ],
    ...(method === 'get' || method === 'delete'
      ? {}
      : { requestBody: { required: false, description: "Relayed byte for byte, in the provider's own format", content: { '*/*': { schema: {} } } } }),
    responses: {
      default: { description: "The provider's answer: status, body and headers as it sent them (its key taken out of errors)" },
      '400': { description: 'An unknown or unconfigured provider, or a refused path (dot segments, encoded slashes)', ...ERROR },
      '403': { description: 'The body names a model the allow-list refuses', ...ERROR },
      '413': { description: 'The body is larger than SERVER_MAX_REQUEST_BODY_SIZE', ...ERROR },
    },
    tags: ['proxy'],
  };
}

/** What the OpenAPI document says of the raw proxy (its controller, which takes every method, is left out of the generated part). */
export const PROXY_OPENAPI: PathItemObject = {
  get: operation('get', "GET the provider's own API with its key"),
  post: operation('post', "POST to the provider's own API with its key"),
  put: operation('put', "PUT to the provider's own API with its key"),
  patch: operation('patch', "PATCH the provider's own API with its key"),
  delete: operation('delete', "DELETE on the provider's own API with its key"),
};
