import { Module } from '@nestjs/common';
import { CoreModule } from '../../core/core.module.js';
import { EmbeddingsController } from './embeddings.controller.js';

@Module({
  imports: [CoreModule],
  controllers: [EmbeddingsController],
})
export class EmbeddingsModule {}
