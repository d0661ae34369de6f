import { Module } from '@nestjs/common';
import { ProvidersModule } from '../providers/providers.module.js';
import { ModelsController } from './models.controller.js';
import { ModelsService } from './models.service.js';

@Module({
  imports: [ProvidersModule],
  controllers: [ModelsController],
  providers: [ModelsService],
})
export class ModelsModule {}
