import { Module } from '@nestjs/common';
import { CoreModule } from '../../core/core.module.js';
import { ProxyController } from './proxy.controller.js';
import { ProxyService } from './proxy.service.js';

@Module({
  imports: [CoreModule],
  controllers: [ProxyController],
  providers: [ProxyService],
})
export class ProxyModule {}
