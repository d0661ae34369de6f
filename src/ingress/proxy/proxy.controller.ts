import { All, Controller, Param, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { redactedErrorBody, relaySuccess } from './proxy-response.js';
import { ProxyService } from './proxy.service.js';

/** `ANY /proxy/<provider>/<path>`: the provider's own API, with the provider's key injected. */
@ApiExcludeController()
@Controller('proxy')
export class ProxyController {
  constructor(private readonly proxy: ProxyService) {}

  @All(':provider/*path')
  async forward(@Param('provider') provider: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const answer = await this.proxy.forward(provider, request, response);
    if (answer.statusCode >= 400) {
      // Take the provider key out of error answers: some providers quote the key they were sent.
      const text = await redactedErrorBody(answer);
      const { 'content-length': _length, 'content-encoding': _encoding, ...headers } = answer.headers;
      response.writeHead(answer.statusCode, headers).end(text);
      return;
    }
    const eventStream = String(answer.headers['content-type'] ?? '').startsWith('text/event-stream');
    await relaySuccess(answer, response, eventStream ? undefined : answer.deadline);
  }
}
