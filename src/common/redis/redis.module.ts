import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { redisConfig } from '../../config/redis.config.js';
import { RedisConnection } from './redis-connection.js';

/** The shared Redis connection (none without REDIS_URL), for whatever keeps state across replicas. */
@Global()
@Module({
  imports: [ConfigModule.forFeature(redisConfig)],
  providers: [RedisConnection],
  exports: [RedisConnection],
})
export class RedisModule {}
