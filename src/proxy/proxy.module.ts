import { Module } from '@nestjs/common';
import { ProvidersModule } from '../providers/providers.module.js';
import { ProxyController } from './proxy.controller.js';
import { ProxyService } from './proxy.service.js';

@Module({
  imports: [ProvidersModule],
  controllers: [ProxyController],
  providers: [ProxyService],
})
export class ProxyModule {}
