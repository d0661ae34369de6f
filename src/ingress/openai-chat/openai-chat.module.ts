import { Module } from '@nestjs/common';
import { CoreModule } from '../../core/core.module.js';
import { OpenAiChatController } from './openai-chat.controller.js';

@Module({
  imports: [CoreModule],
  controllers: [OpenAiChatController],
})
export class OpenAiChatModule {}
