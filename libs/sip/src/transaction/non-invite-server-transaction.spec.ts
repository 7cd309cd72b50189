import { buildResponse } from '../response-builder';
import type { SipEndpoint } from '../transport/transport';
import { NonInviteServerTransaction } from './non-invite-server-transaction';
import { TCP_SOURCE, UDP_SOURCE } from './testing/recording-channel';
import { sipRequest } from './testing/sip-request-builder';
import { testContext, type TestContext } from './testing/test-context';
import { DEFAULT_SIP_TIMERS } from './timers';

const TIMER_J = 64 * DEFAULT_SIP_TIMERS.T1;

describe(NonInviteServerTransaction.name, () => {
  let t: TestContext;
  let start: number;

  beforeEach(() => {
    jest.useFakeTimers();
    start = Date.now();
    t = testContext();
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  function options(source: SipEndpoint = UDP_SOURCE, toTag?: string): NonInviteServerTransaction {
    return new NonInviteServerTransaction(
      'key',
      sipRequest({ method: 'OPTIONS' }),
      source,
      t.context,
      toTag,
    );
  }

  function response(tx: NonInviteServerTransaction, status: number): Buffer {
    return buildResponse(tx.request, tx.source, status, 'Test', { toTag: tx.toTag });
  }

  it('should send nothing on its own when created', () => {
    const tx = options();
    jest.advanceTimersByTime(TIMER_J);

    expect(t.channel.sent).toHaveLength(0);
    expect(tx.state).toBe('trying');
  });

  it('should discard retransmissions when trying', () => {
    const tx = options();
    tx.receiveRetransmission();

    expect(t.channel.sent).toHaveLength(0);
    expect(tx.state).toBe('trying');
  });

  it('should resend the last provisional response when retransmitted in proceeding', () => {
    const tx = options();
    tx.respond(100, response(tx, 100));
    tx.respond(183, response(tx, 183));
    tx.receiveRetransmission();

    expect(tx.state).toBe('proceeding');
    expect(t.channel.statuses()).toEqual([100, 183, 183]);
  });

  it('should resend the final response whenever retransmitted in completed', () => {
    const tx = options();
    tx.respond(200, response(tx, 200));
    tx.receiveRetransmission();
    jest.advanceTimersByTime(TIMER_J - 1);
    tx.receiveRetransmission();

    expect(tx.state).toBe('completed');
    expect(t.channel.statuses()).toEqual([200, 200, 200]);
  });

  it('should never retransmit on its own when completed over UDP', () => {
    const tx = options();
    tx.respond(405, response(tx, 405));
    jest.advanceTimersByTime(TIMER_J - 1);

    expect(t.channel.statuses()).toEqual([405]);
  });

  it('should terminate at Timer J (64*T1) when completed over UDP', () => {
    const tx = options();
    tx.respond(200, response(tx, 200));
    jest.advanceTimersByTime(TIMER_J);

    expect(tx.terminated).toBe(true);
    expect(t.terminations).toEqual([{ tx, cause: 'timer-j', at: start + TIMER_J }]);
    tx.receiveRetransmission();
    expect(t.channel.sent).toHaveLength(1);
  });

  it('should terminate at once when completed over TCP', () => {
    const tx = options(TCP_SOURCE);
    tx.respond(200, response(tx, 200));

    expect(tx.state).toBe('terminated');
    expect(t.terminations.map((e) => e.cause)).toEqual(['timer-j']);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('should discard further responses when completed', () => {
    const tx = options();
    // Built up front: the request is released once a final response has been sent.
    const [late500, late180] = [response(tx, 500), response(tx, 180)];
    expect(tx.respond(200, response(tx, 200))).toBe(true);
    expect(tx.respond(500, late500)).toBe(false);
    expect(tx.respond(180, late180)).toBe(false);

    expect(t.channel.statuses()).toEqual([200]);
    expect(tx.hasFinalResponse).toBe(true);
  });

  it('should use the given To tag when one is passed', () => {
    expect(options(UDP_SOURCE, 'feedc0de').toTag).toBe('feedc0de');
  });

  it('should clear Timer J without reporting when disposed', () => {
    const tx = options();
    tx.respond(200, response(tx, 200));
    tx.dispose();

    expect(jest.getTimerCount()).toBe(0);
    expect(tx.terminated).toBe(true);
    expect(t.terminations).toEqual([]);
  });
});
