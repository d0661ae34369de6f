import { currentToken } from '../auth/credentials';
import { ApiError, toApiError } from './api-error';

/** A call to the gateway's API with the bearer token (signed-in or pasted) when there is one. */
export async function gatewayFetch(path: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  const token = currentToken();
  if (token) headers.set('authorization', `Bearer ${token}`);
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(undefined, { message: 'the gateway could not be reached' });
  }
  if (!response.ok) throw await toApiError(response);
  return response;
}

export async function gatewayJson<T>(path: string): Promise<T> {
  const response = await gatewayFetch(path);
  return (await response.json()) as T;
}
