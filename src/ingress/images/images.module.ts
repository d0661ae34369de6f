import { Module, RequestMethod } from '@nestjs/common';
import type { RouteInfo } from '@nestjs/common/interfaces/index.js';
import { ConfigModule } from '@nestjs/config';
import { imagesConfig } from '../../config/images.config.js';
import { CoreModule } from '../../core/core.module.js';
import { ImagesController } from './images.controller.js';

/** The routes whose bodies are multipart forms, read as they stream (not by the JSON body middleware). */
export const IMAGE_FORM_ROUTES: RouteInfo[] = [
  { path: 'v1/images/edits', method: RequestMethod.POST },
  { path: 'v1/images/variations', method: RequestMethod.POST },
];

@Module({
  imports: [CoreModule, ConfigModule.forFeature(imagesConfig)],
  controllers: [ImagesController],
})
export class ImagesModule {}
