import { Module } from '@nestjs/common';
import { CoreModule } from '../../core/core.module.js';
import { AnthropicMessagesController } from './anthropic-messages.controller.js';

@Module({
  imports: [CoreModule],
  controllers: [AnthropicMessagesController],
})
export class AnthropicMessagesModule {}
