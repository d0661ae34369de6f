import { All, Controller, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { ProxyService } from './proxy.service.js';

/** `ANY /proxy/<provider>/<path>`: the provider's own API, with the provider's key injected. */
@ApiExcludeController()
@Controller('proxy')
export class ProxyController {
  constructor(private readonly proxy: ProxyService) {}

  @All(':provider/*path')
  async forward(@Param('provider') provider: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const upstream = await this.proxy.forward(provider, request, response);
    response.writeHead(upstream.statusCode, upstream.headers);
    await pipeline(upstream.body, response).catch(() => response.destroy());
  }
}
