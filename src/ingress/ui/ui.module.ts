import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { uiConfig } from '../../config/ui.config.js';
import { UiAddressLogger } from './ui-address.logger.js';
import { UiController } from './ui.controller.js';

/** The web UI (playground, status), built by `npm run build` into dist/web-ui and served under /ui. */
@Module({
  imports: [ConfigModule.forFeature(uiConfig)],
  controllers: [UiController],
  providers: [UiAddressLogger],
})
export class UiModule {}
