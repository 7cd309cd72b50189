// The gateway's config tree: read once from the environment (DESIGN.md §8), validated with
// every bad variable listed, frozen. Model: immich's config.repository.ts.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from './config-error';
import { defaultPeers, peersFileSchema, type PeerProfile } from './peer-profile';

const port = z.coerce.number().int().min(0).max(65535);
const positiveMs = z.coerce.number().int().min(1);
const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

const envSchema = z.object({
  SIP_HOST: z.string().min(1).default('127.0.0.1'),
  SIP_PORT: port.default(5060),
  SIP_TLS_PORT: port.optional(),
  SIP_TLS_CERT: z.string().optional(),
  SIP_TLS_KEY: z.string().optional(),
  SIP_PEERS_FILE: z.string().optional(),
  PUBLIC_BASE_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:8080'),
  LOG_LEVEL: logLevel.default('info'),
  DATA_DIR: z.string().default('./.data'),
  // RFC 3261 Table 4 names; T1/T2/T4 drive G, H, I, J.
  SIP_T1_MS: positiveMs.default(500),
  SIP_T2_MS: positiveMs.default(4000),
  SIP_T4_MS: positiveMs.default(5000),
  /** §17.2.1: 100 Trying if no answer within this; the RFC's bound is 200 ms. */
  SIP_TRYING_DELAY_MS: z.coerce.number().int().min(0).max(200).default(40),
  SIP_MAX_TRANSACTIONS: z.coerce.number().int().min(1).default(200_000),
  SIP_MAX_HEADER_BYTES: z.coerce.number().int().min(1024).default(16_384),
  SIP_MAX_BODY_BYTES: z.coerce.number().int().min(0).default(65_536),
  SIP_TCP_IDLE_TIMEOUT_MS: positiveMs.default(120_000),
  SIP_SERVER_HEADER: z
    .string()
    .regex(/^[\x20-\x7e]+$/)
    .default('call-screening-gateway/0.1'),
  /** Called numbers that are never blocked (comma-separated), on top of the scorer's own list. */
  SIP_EMERGENCY_NUMBERS: z.string().default('911,112,933'),
  /** The gateway's own /metrics and /health (the console serves the service-wide ones). */
  GATEWAY_HTTP_HOST: z.string().default('127.0.0.1'),
  GATEWAY_HTTP_PORT: port.default(9091),
  /** `kafka`: ask the scorer over Kafka (production); `in-process`: the rule engine in this process (benchmarks, tests). */
  GATEWAY_SCORING: z.enum(['kafka', 'in-process']).default('kafka'),
  KAFKA_BROKERS: z.string().optional(),
  /** Unique per gateway process: names its reply consumer group (default host-pid). */
  GATEWAY_INSTANCE_ID: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,100}$/)
    .optional(),
  /** This instance's partition of the reply topic; default: derived from the instance id. */
  GATEWAY_REPLY_PARTITION: z.coerce.number().int().min(0).optional(),
  SCORING_RULESET_FILE: z.string().default('config/ruleset.json'),
  SCORING_LISTS_FILE: z.string().default('config/lists.json'),
});

export interface SipTimersConfig {
  readonly T1: number;
  readonly T2: number;
  readonly T4: number;
}

export interface GatewayConfig {
  readonly sip: {
    readonly host: string;
    readonly port: number;
    readonly tls:
      { readonly port: number; readonly certFile: string; readonly keyFile: string } | undefined;
    readonly timers: SipTimersConfig;
    readonly tryingDelayMs: number;
    readonly maxTransactions: number;
    readonly maxHeaderBytes: number;
    readonly maxBodyBytes: number;
    readonly tcpIdleTimeoutMs: number;
    readonly serverHeader: string;
    readonly emergencyNumbers: readonly string[];
  };
  readonly peers: readonly PeerProfile[];
  readonly publicBaseUrl: string;
  readonly http: { readonly host: string; readonly port: number };
  readonly scoring: {
    readonly mode: 'kafka' | 'in-process';
    readonly ruleSetFile: string;
    readonly listsFile: string;
  };
  /** Set when scoring.mode is `kafka`. */
  readonly kafka:
    | {
        readonly brokers: readonly string[];
        readonly instanceId: string;
        readonly replyPartition: number | undefined;
      }
    | undefined;
  readonly logLevel: z.infer<typeof logLevel>;
  readonly dataDir: string;
}

/** Reads and validates the gateway config; throws ConfigError listing every problem. */
export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const parsed = envSchema.safeParse(env);
  const problems: string[] = parsed.success ? [] : issuesToProblems(parsed.error.issues);
  let peers: PeerProfile[] | undefined;
  if (parsed.success) {
    const e = parsed.data;
    if (e.GATEWAY_SCORING === 'kafka' && !e.KAFKA_BROKERS?.trim()) {
      problems.push(
        'KAFKA_BROKERS: required when GATEWAY_SCORING=kafka (npm start sets it to the embedded broker; GATEWAY_SCORING=in-process runs without Kafka)',
      );
    }
    if (e.SIP_TLS_PORT !== undefined && (!e.SIP_TLS_CERT || !e.SIP_TLS_KEY)) {
      problems.push('SIP_TLS_CERT and SIP_TLS_KEY: required when SIP_TLS_PORT is set');
    }
    peers = e.SIP_PEERS_FILE ? readPeersFile(e.SIP_PEERS_FILE, problems) : defaultPeers(e.SIP_HOST);
  }
  if (!parsed.success || problems.length > 0 || !peers) throw new ConfigError(problems);
  const e = parsed.data;
  return deepFreeze({
    sip: {
      host: e.SIP_HOST,
      port: e.SIP_PORT,
      tls:
        e.SIP_TLS_PORT !== undefined && e.SIP_TLS_CERT && e.SIP_TLS_KEY
          ? { port: e.SIP_TLS_PORT, certFile: e.SIP_TLS_CERT, keyFile: e.SIP_TLS_KEY }
          : undefined,
      timers: { T1: e.SIP_T1_MS, T2: e.SIP_T2_MS, T4: e.SIP_T4_MS },
      tryingDelayMs: e.SIP_TRYING_DELAY_MS,
      maxTransactions: e.SIP_MAX_TRANSACTIONS,
      maxHeaderBytes: e.SIP_MAX_HEADER_BYTES,
      maxBodyBytes: e.SIP_MAX_BODY_BYTES,
      tcpIdleTimeoutMs: e.SIP_TCP_IDLE_TIMEOUT_MS,
      serverHeader: e.SIP_SERVER_HEADER,
      emergencyNumbers: e.SIP_EMERGENCY_NUMBERS.split(',')
        .map((n) => n.trim())
        .filter(Boolean),
    },
    peers,
    publicBaseUrl: e.PUBLIC_BASE_URL.replace(/\/+$/, ''),
    http: { host: e.GATEWAY_HTTP_HOST, port: e.GATEWAY_HTTP_PORT },
    scoring: {
      mode: e.GATEWAY_SCORING,
      ruleSetFile: resolve(e.SCORING_RULESET_FILE),
      listsFile: resolve(e.SCORING_LISTS_FILE),
    },
    kafka:
      e.GATEWAY_SCORING === 'kafka' && e.KAFKA_BROKERS
        ? {
            brokers: e.KAFKA_BROKERS.split(',')
              .map((b) => b.trim())
              .filter(Boolean),
            instanceId: e.GATEWAY_INSTANCE_ID ?? `${hostname()}-${process.pid}`,
            replyPartition: e.GATEWAY_REPLY_PARTITION,
          }
        : undefined,
    logLevel: e.LOG_LEVEL,
    dataDir: resolve(e.DATA_DIR),
  });
}

function readPeersFile(path: string, problems: string[]): PeerProfile[] | undefined {
  let raw: unknown;
  try {
    const text = readFileSync(path, 'utf8');
    raw = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    problems.push(`SIP_PEERS_FILE: cannot read ${path}: ${(err as Error).message}`);
    return undefined;
  }
  const result = peersFileSchema.safeParse(raw);
  if (!result.success) {
    problems.push(
      ...issuesToProblems(result.error.issues).map((p) => `SIP_PEERS_FILE ${path}: ${p}`),
    );
    return undefined;
  }
  return result.data.peers;
}

function issuesToProblems(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
