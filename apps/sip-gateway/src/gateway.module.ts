import { Module, type DynamicModule } from '@nestjs/common';
import type { GatewayConfig } from '@app/config';
import { createLogger, createMetricsRegistry, type Logger } from '@app/observability';
import type { Registry } from 'prom-client';
import { HealthController } from './http/health.controller';
import { MetricsController } from './http/metrics.controller';
import { createGatewayScoring, type GatewayScoring } from './scoring/gateway-scoring';
import type { ScoringPort } from './scoring/scoring-port';
import { SipGatewayService } from './sip-gateway.service';
import {
  GATEWAY_CONFIG,
  GATEWAY_LOGGER,
  GATEWAY_METRICS_REGISTRY,
  GATEWAY_SCORING,
} from './tokens';

export interface GatewayModuleOptions {
  /**
   * Tests only: wraps the real scoring port (to add latency for CANCEL-during-scoring cases).
   * The engine behind it is always the real one.
   */
  readonly wrapScoring?: (real: ScoringPort) => ScoringPort;
}

@Module({})
export class GatewayModule {
  static forConfig(config: GatewayConfig, options: GatewayModuleOptions = {}): DynamicModule {
    return {
      module: GatewayModule,
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        { provide: GATEWAY_LOGGER, useFactory: () => createLogger('sip-gateway', config.logLevel) },
        {
          provide: GATEWAY_METRICS_REGISTRY,
          useFactory: () => createMetricsRegistry('sip-gateway'),
        },
        {
          provide: GATEWAY_SCORING,
          inject: [GATEWAY_LOGGER, GATEWAY_METRICS_REGISTRY],
          useFactory: async (logger: Logger, registry: Registry): Promise<GatewayScoring> => {
            const scoring = await createGatewayScoring(config, logger, registry);
            return options.wrapScoring
              ? { ...scoring, port: options.wrapScoring(scoring.port) }
              : scoring;
          },
        },
        SipGatewayService,
      ],
    };
  }
}
