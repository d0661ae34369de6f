import { Module } from '@nestjs/common';
import { CoreModule } from '../../core/core.module.js';
import { ModelsModule } from '../models/models.module.js';
import { StatusController } from './status.controller.js';
import { StatusService } from './status.service.js';

/** `GET /v1/status`: what the web UI's status page shows, for any client. */
@Module({
  imports: [ModelsModule, CoreModule],
  controllers: [StatusController],
  providers: [StatusService],
})
export class StatusModule {}
