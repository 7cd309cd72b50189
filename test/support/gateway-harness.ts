// Boots the real gateway (Nest app, real sockets, the real rule engine) on ephemeral ports
// with its own peers and lists files, for end-to-end tests.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadGatewayConfig } from '@app/config';
import { startGateway, type RunningGateway } from '../../apps/sip-gateway/src/bootstrap';
import type { ScoringPort } from '../../apps/sip-gateway/src/scoring/scoring-port';
import { throwawayCertificate } from './tls-cert';

export interface HarnessOptions {
  /** Peers file content ({ peers: [...] }); default: the built-in loopback profile. */
  readonly peers?: unknown;
  /** Scoring lists file content; default: the repo's config/lists.json. */
  readonly lists?: unknown;
  readonly tls?: boolean;
  readonly env?: Record<string, string>;
  /** Wraps the real scoring port (e.g. to add latency); never replaces the engine. */
  readonly wrapScoring?: (real: ScoringPort) => ScoringPort;
}

export interface TestGateway {
  readonly running: RunningGateway;
  readonly host: string;
  readonly port: number;
  readonly tlsPort: number | undefined;
  metric(name: string, labels?: Record<string, string>): Promise<number>;
  stop(): Promise<void>;
}

export async function startTestGateway(options: HarnessOptions = {}): Promise<TestGateway> {
  const dir = mkdtempSync(join(tmpdir(), 'gw-e2e-'));
  const env: Record<string, string> = {
    SIP_HOST: '127.0.0.1',
    SIP_PORT: '0',
    GATEWAY_HTTP_PORT: '0',
    LOG_LEVEL: 'silent',
    GATEWAY_SCORING: 'in-process',
    PUBLIC_BASE_URL: 'https://screen.example.net',
    SCORING_RULESET_FILE: resolve(__dirname, '../../config/ruleset.json'),
    SCORING_LISTS_FILE: resolve(__dirname, '../../config/lists.json'),
    DATA_DIR: dir,
    ...options.env,
  };
  if (options.peers) {
    env.SIP_PEERS_FILE = join(dir, 'peers.json');
    writeFileSync(env.SIP_PEERS_FILE, JSON.stringify(options.peers));
  }
  if (options.lists) {
    env.SCORING_LISTS_FILE = join(dir, 'lists.json');
    writeFileSync(env.SCORING_LISTS_FILE, JSON.stringify(options.lists));
  }
  if (options.tls) {
    const cert = throwawayCertificate();
    Object.assign(env, {
      SIP_TLS_PORT: '0',
      SIP_TLS_CERT: cert.certFile,
      SIP_TLS_KEY: cert.keyFile,
    });
  }
  const running = await startGateway(loadGatewayConfig(env), { wrapScoring: options.wrapScoring });
  const udp = running.gateway.listeners.find((l) => l.protocol === 'udp');
  const tls = running.gateway.listeners.find((l) => l.protocol === 'tls');
  if (!udp) throw new Error('gateway has no UDP listener');
  return {
    running,
    host: udp.address,
    port: udp.port,
    tlsPort: tls?.port,
    async metric(name, labels = {}) {
      const text = await (await fetch(`${running.httpUrl}/metrics`)).text();
      let total = 0;
      for (const line of text.split('\n')) {
        if (!line.startsWith(name)) continue;
        const m = /^([a-z_]+)(\{[^}]*\})?\s+([0-9.e+-]+)$/.exec(line);
        if (!m || m[1] !== name) continue;
        const set = m[2] ?? '';
        if (Object.entries(labels).every(([k, v]) => set.includes(`${k}="${v}"`)))
          total += Number(m[3]);
      }
      return total;
    },
    async stop() {
      await running.app.close();
    },
  };
}
