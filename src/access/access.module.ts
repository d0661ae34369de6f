import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { ApiKeyVerifier } from '../auth/api-key-verifier.js';
import { accessConfig } from '../config/access.config.js';
import { AccessGate } from './access-gate.js';
import { AccessMetrics } from './access-metrics.js';
import { AccessPolicyService } from './access-policy.service.js';
import { AccessStoreHolder } from './access-store.holder.js';
import { AccessHook } from './access.hook.js';
import { UsageService } from './usage.service.js';

/**
 * API keys, limits, budgets and usage (ACCESS_CONFIG_PATH). Provides the key lookup the
 * authentication uses, the call hook that admits and accounts for every provider call, and the
 * gate `/proxy` asks before it forwards.
 */
@Global()
@Module({
  imports: [ConfigModule.forFeature(accessConfig)],
  providers: [
    AccessPolicyService,
    { provide: ApiKeyVerifier, useExisting: AccessPolicyService },
    AccessStoreHolder,
    AccessMetrics,
    AccessGate,
    AccessHook,
    UsageService,
  ],
  exports: [ApiKeyVerifier, AccessGate, UsageService],
})
export class AccessModule {}
