// Composition root of the SIP side: builds the plain-TypeScript pieces once and ties their
// lifetime to Nest's. Nest wires and hosts; it never sees a datagram (STYLE.md line 10).
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { GatewayConfig } from '@app/config';
import type { Logger } from '@app/observability';
import type { Registry } from 'prom-client';
import { GatewayMetrics } from './observability/gateway-metrics';
import { PeerDirectory } from './peers/peer-directory';
import type { GatewayScoring } from './scoring/gateway-scoring';
import type { DecisionListener, DecisionRecord } from './sip/decision-record';
import { EmergencyNumbers } from './sip/emergency-numbers';
import { InviteHandler } from './sip/invite-handler';
import { RequestDispatcher } from './sip/request-dispatcher';
import { ResponseSender } from './sip/response-sender';
import { SipServer, type Listener } from './sip/sip-server';
import {
  GATEWAY_CONFIG,
  GATEWAY_LOGGER,
  GATEWAY_METRICS_REGISTRY,
  GATEWAY_SCORING,
} from './tokens';

@Injectable()
export class SipGatewayService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly server: SipServer;
  private readonly decisionListeners: DecisionListener[] = [];
  private bound: Listener[] = [];

  constructor(
    @Inject(GATEWAY_CONFIG) config: GatewayConfig,
    @Inject(GATEWAY_LOGGER) private readonly logger: Logger,
    @Inject(GATEWAY_METRICS_REGISTRY) registry: Registry,
    @Inject(GATEWAY_SCORING) private readonly scoring: GatewayScoring,
  ) {
    const metrics = new GatewayMetrics(
      registry,
      // Gauges read these at scrape time, after construction has finished.
      () => this.server.liveTransactions,
      () => invites.pendingCount,
    );
    const peers = new PeerDirectory(config.peers);
    const sender = new ResponseSender(config.sip.serverHeader, metrics);
    const invites: InviteHandler = new InviteHandler(
      { publicBaseUrl: config.publicBaseUrl },
      scoring.port,
      sender,
      new EmergencyNumbers(config.sip.emergencyNumbers),
      metrics,
      { onDecision: (record) => this.notify(record) },
    );
    const dispatcher = new RequestDispatcher(peers, invites, sender);
    this.server = new SipServer(config.sip, peers, sender, dispatcher, invites, metrics, logger);
    this.decisionListeners.push(...scoring.decisionListeners);
  }

  get listeners(): readonly Listener[] {
    return this.bound;
  }

  /** Subscribe to every answered INVITE (after its response was sent). */
  addDecisionListener(listener: DecisionListener): void {
    this.decisionListeners.push(listener);
  }

  async onApplicationBootstrap(): Promise<void> {
    this.bound = await this.server.start();
    for (const l of this.bound) this.logger.info({ listener: l }, 'sip listener ready');
  }

  /** Drain SIP first (pending INVITEs answered, their decisions emitted), then flush Kafka. */
  async onApplicationShutdown(): Promise<void> {
    await this.server.stop();
    this.logger.info('sip listeners closed');
    await this.scoring.stop();
  }

  private notify(record: DecisionRecord): void {
    if (this.logger.isLevelEnabled('debug')) {
      this.logger.debug(
        {
          callId: record.request.callId,
          decisionId: record.request.decisionId,
          status: record.answer.status,
          verdict: record.answer.applied,
          override: record.answer.override,
          reasons: record.verdict?.reasons.map((r) => r.code),
        },
        'decision',
      );
    }
    for (const listener of this.decisionListeners) {
      try {
        listener.onDecision(record);
      } catch (err) {
        this.logger.error({ err, callId: record.request.callId }, 'decision listener failed');
      }
    }
  }
}
