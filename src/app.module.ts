import { MiddlewareConsumer, Module, NestModule, RequestMethod, type DynamicModule } from '@nestjs/common';
import type { Writable } from 'node:stream';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { APP_FILTER } from '@nestjs/core';
import { ClsModule } from 'nestjs-cls';
import { LoggerModule } from 'nestjs-pino';
import { AccessModule } from './access/access.module.js';
import { AuthModule } from './auth/auth.module.js';
import { BearerAuthMiddleware } from './auth/bearer-auth.middleware.js';
import { LifecycleModule } from './common/lifecycle/lifecycle.module.js';
import { RedisModule } from './common/redis/redis.module.js';
import { JsonBodyMiddleware } from './common/http/json-body.middleware.js';
import { loggerOptions } from './common/logging/logger.options.js';
import { withSecretRedaction } from './common/logging/secret-redaction.js';
import { TelemetryModule } from './common/telemetry/telemetry.module.js';
import { accessConfig } from './config/access.config.js';
import { authConfig } from './config/auth.config.js';
import { clientConfig } from './config/client.config.js';
import { corsConfig } from './config/cors.config.js';
import { loggingConfig, type LoggingConfig } from './config/logging.config.js';
import { providersConfig, type ProvidersConfig } from './providers/providers.config.js';
import { routingConfig } from './core/routing/routing.config.js';
import { serverConfig, type ServerConfig } from './config/server.config.js';
import { loadTelemetryConfig, telemetryConfig } from './config/telemetry.config.js';
import { tlsConfig } from './config/tls.config.js';
import { HealthModule } from './health/health.module.js';
import { McpModule } from './mcp/mcp.module.js';
import { McpToolsModule } from './ingress/mcp-tools/mcp-tools.module.js';
import { AnthropicMessagesModule } from './ingress/anthropic-messages/anthropic-messages.module.js';
import { DialectExceptionFilter } from './ingress/http/dialect-exception.filter.js';
import { EmbeddingsModule } from './ingress/embeddings/embeddings.module.js';
import { IMAGE_FORM_ROUTES, ImagesModule } from './ingress/images/images.module.js';
import { ModelsModule } from './ingress/models/models.module.js';
import { OpenAiChatModule } from './ingress/openai-chat/openai-chat.module.js';
import { OpenAiResponsesModule } from './ingress/openai-responses/openai-responses.module.js';
import { ProxyModule } from './ingress/proxy/proxy.module.js';
import { StatusModule } from './ingress/status/status.module.js';
import { UiModule } from './ingress/ui/ui.module.js';
import { UsageModule } from './ingress/usage/usage.module.js';

@Module({
  imports: [
    ConfigModule.forRoot({
      isGlobal: true,
      ignoreEnvFile: true,
      cache: true,
      load: [serverConfig, clientConfig, routingConfig, providersConfig, authConfig, accessConfig, tlsConfig, corsConfig, loggingConfig, telemetryConfig],
    }),
    // The request context; opened for each request by the request log (gateway.ts), not by ClsModule's middleware.
    ClsModule.forRoot({ global: true }),
    LifecycleModule,
    RedisModule,
    AccessModule,
    McpModule,
    AuthModule,
    HealthModule,
    ModelsModule,
    OpenAiChatModule,
    AnthropicMessagesModule,
    OpenAiResponsesModule,
    EmbeddingsModule,
    ImagesModule,
    ProxyModule,
    StatusModule,
    UiModule,
    UsageModule,
    McpToolsModule,
  ],
  providers: [{ provide: APP_FILTER, useClass: DialectExceptionFilter }],
})
export class AppModule implements NestModule {
  /** The application; `logStream` replaces stdout as the log destination (tests capture logs). */
  static register(options: { logStream?: Writable } = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (config: ConfigService) =>
            withSecretRedaction(
              loggerOptions(config.getOrThrow<ServerConfig>('server'), options.logStream, config.getOrThrow<LoggingConfig>('logging').level),
              Object.values(config.getOrThrow<ProvidersConfig>('providers').providers).flatMap((provider) => provider.apiKey ?? []),
            ),
        }),
        TelemetryModule.register(loadTelemetryConfig(process.env)),
      ],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    // The bearer token is checked before a body is read (the guard reuses the verdict); image forms are read by their route.
    consumer.apply(BearerAuthMiddleware).forRoutes({ path: 'v1/*path', method: RequestMethod.POST });
    consumer
      .apply(JsonBodyMiddleware)
      .exclude(...IMAGE_FORM_ROUTES)
      .forRoutes({ path: 'v1/*path', method: RequestMethod.POST });
  }
}
