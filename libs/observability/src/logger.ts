import pino, { type Logger, type LevelWithSilent } from 'pino';

/**
 * One JSON logger per process (DESIGN.md §7). Call-scoped lines carry `callId` as a field so
 * a Call-ID greps the whole story; the SIP hot path logs only at debug, behind isLevelEnabled.
 */
export function createLogger(app: string, level: LevelWithSilent): Logger {
  return pino({ level, base: { app }, timestamp: pino.stdTimeFunctions.isoTime });
}

export type { Logger };
