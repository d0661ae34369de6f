import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { responsesConfig } from '../../config/responses.config.js';
import { CoreModule } from '../../core/core.module.js';
import { OpenAiResponsesController } from './openai-responses.controller.js';
import { StoredResponses } from './stored-responses.service.js';

@Module({
  imports: [CoreModule, ConfigModule.forFeature(responsesConfig)],
  controllers: [OpenAiResponsesController],
  providers: [StoredResponses],
})
export class OpenAiResponsesModule {}
