import { Module, type DynamicModule } from '@nestjs/common';
import type { GatewayConfig } from '@app/config';
import { createLogger, createMetricsRegistry } from '@app/observability';
import { loadRuleSet, loadScoringLists, ScoringEngine } from '@app/scoring';
import { HealthController } from './http/health.controller';
import { MetricsController } from './http/metrics.controller';
import { InProcessScoringAdapter } from './scoring/in-process-scoring.adapter';
import { SCORING_PORT, type ScoringPort } from './scoring/scoring-port';
import { SipGatewayService } from './sip-gateway.service';
import { GATEWAY_CONFIG, GATEWAY_LOGGER, GATEWAY_METRICS_REGISTRY } from './tokens';

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
          provide: SCORING_PORT,
          useFactory: (): ScoringPort => {
            const ruleSet = loadRuleSet(config.scoring.ruleSetFile);
            const lists = loadScoringLists(config.scoring.listsFile, ruleSet.defaultRegion);
            const real = new InProcessScoringAdapter(new ScoringEngine(ruleSet, lists));
            return options.wrapScoring ? options.wrapScoring(real) : real;
          },
        },
        SipGatewayService,
      ],
    };
  }
}
