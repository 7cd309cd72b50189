// kafkajs logs through pino, one JSON line per entry, instead of its own console lines.
import type { logCreator as LogCreator, LogEntry } from 'kafkajs';
import type { Logger } from 'pino';

type PinoMethod = 'error' | 'warn' | 'debug';

/**
 * kafkajs levels (NOTHING 0, ERROR 1, WARN 2, INFO 4, DEBUG 5) to pino. kafkajs INFO is its
 * lifecycle chatter (every join, stop, reconnect), so it goes to debug.
 */
function pinoMethodOf(level: number): PinoMethod {
  if (level <= 1) return 'error';
  if (level === 2) return 'warn';
  return 'debug';
}

export function kafkaLogCreator(logger: Logger): LogCreator {
  const kafkaLogger = logger.child({ component: 'kafkajs' });
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      const method = pinoMethodOf(level);
      if (!kafkaLogger.isLevelEnabled(method)) return;
      const { message, timestamp, ...extra } = log;
      void timestamp; // pino stamps its own time
      kafkaLogger[method]({ namespace, ...extra }, message);
    };
}
