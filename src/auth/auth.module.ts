import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassThroughGuard } from './pass-through.guard.js';

@Module({
  providers: [{ provide: APP_GUARD, useClass: PassThroughGuard }],
})
export class AuthModule {}
