import { Module, type DynamicModule } from '@nestjs/common';
import type { ScorerConfig } from '@app/config';
import type { Logger } from '@app/observability';
import { ScoringEngine } from '@app/scoring';
import type { Registry } from 'prom-client';
import { HealthController } from './http/health.controller';
import { MetricsController } from './http/metrics.controller';
import { ConsumerReadiness } from './kafka/consumer-readiness';
import { ScorerMetrics } from './observability/scorer-metrics';
import { ScoreRequestController } from './scoring/score-request.controller';
import { ScoreRequestService } from './scoring/score-request.service';
import { SCORER_CONFIG, SCORER_LOGGER, SCORER_METRICS_REGISTRY } from './tokens';

/**
 * Built before Nest, because the Kafka server (constructed outside DI) shares them: the engine
 * (its files validated before any connection), the logger, the readiness and the metrics.
 */
export interface ScorerModuleDeps {
  readonly engine: ScoringEngine;
  readonly logger: Logger;
  readonly readiness: ConsumerReadiness;
  readonly registry: Registry;
  readonly metrics: ScorerMetrics;
}

@Module({})
export class ScorerModule {
  static forConfig(config: ScorerConfig, deps: ScorerModuleDeps): DynamicModule {
    return {
      module: ScorerModule,
      controllers: [ScoreRequestController, HealthController, MetricsController],
      providers: [
        { provide: SCORER_CONFIG, useValue: config },
        { provide: SCORER_LOGGER, useValue: deps.logger },
        { provide: ScoringEngine, useValue: deps.engine },
        { provide: ConsumerReadiness, useValue: deps.readiness },
        { provide: SCORER_METRICS_REGISTRY, useValue: deps.registry },
        { provide: ScorerMetrics, useValue: deps.metrics },
        ScoreRequestService,
      ],
    };
  }
}
