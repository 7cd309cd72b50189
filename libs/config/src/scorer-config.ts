// The scorer's config tree: read once from the environment (DESIGN.md §8), validated with every
// bad variable listed, frozen. Same shape and rules as gateway-config.ts.
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_PARTITIONS } from '@app/contracts';
import { ConfigError } from './config-error';

const port = z.coerce.number().int().min(0).max(65535);
const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);
/** `host:port`, host a name, an IPv4 address or a bracketed IPv6 address. */
const BROKER = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/;
/** Kafka accepts any client id, but it lands in broker logs and quotas: keep it plain. */
const CLIENT_ID = /^[A-Za-z0-9._-]{1,200}$/;

const envSchema = z.object({
  KAFKA_BROKERS: z
    .string({
      error: (issue) =>
        issue.input === undefined
          ? 'required: the Kafka bootstrap servers as host:port[,host:port...] (npm start sets it to the embedded broker)'
          : undefined,
    })
    .transform((value) =>
      value
        .split(',')
        .map((b) => b.trim())
        .filter(Boolean),
    )
    .pipe(
      z
        .array(z.string().regex(BROKER, 'each broker as host:port'))
        .min(1, 'at least one host:port'),
    ),
  KAFKA_CLIENT_ID: z.string().regex(CLIENT_ID, 'letters, digits, ".", "_" or "-"').optional(),
  /** Partitions handled at once; default one per score-request partition (KAFKA.md §4). */
  SCORER_CONCURRENCY: z.coerce
    .number()
    .int()
    .min(1)
    .max(1024)
    .default(DEFAULT_PARTITIONS.scoreRequest),
  // 9092/9093 are Kafka's (the embedded broker's listener and controller), 9091 the gateway's.
  SCORER_HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  SCORER_HTTP_PORT: port.default(9192),
  SCORING_RULESET_FILE: z.string().min(1).default('config/ruleset.json'),
  SCORING_LISTS_FILE: z.string().min(1).default('config/lists.json'),
  LOG_LEVEL: logLevel.default('info'),
});

export interface ScorerConfig {
  readonly kafka: {
    readonly brokers: readonly string[];
    /** Before Nest's `-server` suffix. */
    readonly clientId: string;
    /** `partitionsConsumedConcurrently` of the score-request consumer. */
    readonly concurrency: number;
  };
  readonly http: { readonly host: string; readonly port: number };
  readonly scoring: { readonly ruleSetFile: string; readonly listsFile: string };
  readonly logLevel: z.infer<typeof logLevel>;
}

/** Reads and validates the scorer config; throws ConfigError listing every problem. */
export function loadScorerConfig(env: NodeJS.ProcessEnv = process.env): ScorerConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  }
  const e = parsed.data;
  return deepFreeze({
    kafka: {
      brokers: e.KAFKA_BROKERS,
      clientId: e.KAFKA_CLIENT_ID ?? defaultClientId(),
      concurrency: e.SCORER_CONCURRENCY,
    },
    http: { host: e.SCORER_HTTP_HOST, port: e.SCORER_HTTP_PORT },
    scoring: {
      ruleSetFile: resolve(e.SCORING_RULESET_FILE),
      listsFile: resolve(e.SCORING_LISTS_FILE),
    },
    logLevel: e.LOG_LEVEL,
  });
}

/** `scorer-<hostname>-<pid>`: unique per process, readable in the broker's group listing. */
function defaultClientId(): string {
  const host = hostname().replace(/[^A-Za-z0-9.-]/g, '-') || 'host';
  return `scorer-${host}-${process.pid}`;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
