import { Module } from '@nestjs/common';
import { ProvidersModule } from '../providers/providers.module.js';
import { ModelListRecorder } from './model-list-recorder.js';
import { ModelsController } from './models.controller.js';
import { ModelsService } from './models.service.js';

@Module({
  imports: [ProvidersModule],
  controllers: [ModelsController],
  providers: [ModelsService, ModelListRecorder],
  exports: [ModelListRecorder],
})
export class ModelsModule {}
