import { Module } from '@nestjs/common';
import { CoreModule } from '../../core/core.module.js';
import { ModelListRecorder } from './model-list-recorder.js';
import { ModelsController } from './models.controller.js';
import { ModelsService } from './models.service.js';

@Module({
  imports: [CoreModule],
  controllers: [ModelsController],
  providers: [ModelsService, ModelListRecorder],
  exports: [ModelListRecorder],
})
export class ModelsModule {}
