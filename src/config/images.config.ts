import { registerAs } from '@nestjs/config';
import { boolean, type Env } from './env-parsers.js';

export function loadImagesConfig(env: Env) {
  return {
    /** Whether `/v1/images/*` (OpenAI's Images API) is served; off, each answers 404 saying how to turn it on. */
    enabled: boolean(env, 'ENABLE_IMAGES', false),
  };
}

export const imagesConfig = registerAs('images', () => loadImagesConfig(process.env));
export type ImagesConfig = ReturnType<typeof loadImagesConfig>;
