import { useEffect, useState } from 'preact/hooks';
import { ApiError } from '../api/api-error';
import { gatewayJson } from '../api/gateway-fetch';
import type { ModelList } from '../api/wire-types';

/** The model ids `GET /v1/models` lists (again whenever the token changes), or why there are none. */
export function useModels(token: string | undefined): { models: string[]; note: string | undefined } {
  const [state, setState] = useState<{ models: string[]; note: string | undefined }>({ models: [], note: 'Loading models…' });
  useEffect(() => {
    let current = true;
    gatewayJson<ModelList>('/v1/models').then(
      (list) => {
        const models = list.data.map((model) => model.id).sort((a, b) => a.localeCompare(b));
        if (current) setState({ models, note: models.length === 0 ? 'No provider listed any model: see the Status page.' : undefined });
      },
      (error: unknown) => {
        if (current) setState({ models: [], note: error instanceof ApiError ? error.describe() : String(error) });
      },
    );
    return () => {
      current = false;
    };
  }, [token]);
  return state;
}
