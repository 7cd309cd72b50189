// A ServerTransactionContext for testing one state machine without the layer.
import {
  createServerTransactionContext,
  type ServerTransaction,
  type ServerTransactionContext,
  type TerminationCause,
} from '../server-transaction';
import { DEFAULT_SIP_TIMERS } from '../timers';
import { RecordingChannel } from './recording-channel';

export interface TestContext {
  readonly context: ServerTransactionContext;
  readonly channel: RecordingChannel;
  /** Every onTerminated call, in order. */
  readonly terminations: Array<{ tx: ServerTransaction; cause: TerminationCause; at: number }>;
}

export function testContext(tryingDelayMs = 100): TestContext {
  const channel = new RecordingChannel();
  const terminations: TestContext['terminations'] = [];
  const context = createServerTransactionContext({
    channel,
    config: DEFAULT_SIP_TIMERS,
    tryingDelayMs,
    server: 'call-screening/test',
    onTerminated: (tx, cause) => terminations.push({ tx, cause, at: Date.now() }),
  });
  return { context, channel, terminations };
}
