import { Module } from '@nestjs/common';
import { UsageController } from './usage.controller.js';

/** `GET /v1/usage` (the usage service comes from the global access module). */
@Module({ controllers: [UsageController] })
export class UsageModule {}
