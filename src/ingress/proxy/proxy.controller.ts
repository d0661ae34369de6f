import { All, Controller, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { redactSecrets } from '../../common/errors/redact-secrets.js';
import { ProxyService } from './proxy.service.js';

/** `ANY /proxy/<provider>/<path>`: the provider's own API, with the provider's key injected. */
@ApiExcludeController()
@Controller('proxy')
export class ProxyController {
  constructor(private readonly proxy: ProxyService) {}

  @All(':provider/*path')
  async forward(@Param('provider') provider: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const upstream = await this.proxy.forward(provider, request, response);
    if (upstream.statusCode >= 400 && isSmallAndReadable(upstream.headers)) {
      // Take the provider key out of error answers: some providers quote the key they were sent.
      const text = redactSecrets(await upstream.body.text(), [upstream.apiKey]);
      const { 'content-length': _length, ...headers } = upstream.headers;
      response.writeHead(upstream.statusCode, headers).end(text);
      return;
    }
    response.writeHead(upstream.statusCode, upstream.headers);
    await pipeline(upstream.body, response).catch(() => response.destroy());
  }
}

const MAX_INSPECTED_ERROR_BYTES = 1024 * 1024;

/** An uncompressed body of known small size, or of unknown size (read up to the body timeout). */
function isSmallAndReadable(headers: Record<string, string | string[]>): boolean {
  const encoding = headers['content-encoding'];
  if (encoding !== undefined && encoding !== 'identity') return false;
  const length = Number(headers['content-length'] ?? 0);
  return length <= MAX_INSPECTED_ERROR_BYTES;
}
