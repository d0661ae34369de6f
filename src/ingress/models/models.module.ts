import { Module } from '@nestjs/common';
import { CoreModule } from '../../core/core.module.js';
import { ModelListRecorder } from '../../core/models/model-list-recorder.js';
import { ModelsController } from './models.controller.js';
import { ModelsService } from '../../core/models/models.service.js';

@Module({
  imports: [CoreModule],
  controllers: [ModelsController],
  providers: [ModelsService, ModelListRecorder],
  exports: [ModelListRecorder],
})
export class ModelsModule {}
