// kafkajs logs through pino, one JSON line per entry, instead of Nest's text logger.
import type {
  LogEntry,
  logCreator as LogCreator,
} from '@nestjs/microservices/external/kafka.interface';
import type { Logger } from '@app/observability';

type PinoMethod = 'error' | 'warn' | 'debug';

/**
 * kafkajs levels (NOTHING 0, ERROR 1, WARN 2, INFO 4, DEBUG 5) to pino. kafkajs INFO is its
 * lifecycle chatter (every join, stop, reconnect); the scorer logs the events that matter
 * itself, so INFO goes to debug.
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
      // pino stamps its own time; kafkajs's timestamp would only duplicate it.
      const { message, ...extra }: Partial<LogEntry['log']> = log;
      delete extra.timestamp;
      kafkaLogger[method]({ namespace, ...extra }, message);
    };
}
