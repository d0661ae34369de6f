import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { DrainDeadline } from './drain-deadline.js';
import { DrainDeadlineInterceptor } from './drain-deadline.interceptor.js';

/** What a graceful shutdown needs inside the application: the drain deadline and what enforces it. */
@Global()
@Module({
  providers: [DrainDeadline, { provide: APP_INTERCEPTOR, useClass: DrainDeadlineInterceptor }],
  exports: [DrainDeadline],
})
export class LifecycleModule {}
