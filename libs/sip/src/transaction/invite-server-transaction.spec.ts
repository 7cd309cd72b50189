import { buildResponse } from '../response-builder';
import type { SipEndpoint } from '../transport/transport';
import { InviteServerTransaction } from './invite-server-transaction';
import { TCP_SOURCE, UDP_SOURCE } from './testing/recording-channel';
import { sipRequest } from './testing/sip-request-builder';
import { testContext, type TestContext } from './testing/test-context';
import { DEFAULT_SIP_TIMERS } from './timers';

const { T1, T4 } = DEFAULT_SIP_TIMERS;
const TIMER_H = 64 * T1;
const TRYING_DELAY = 100;

describe(InviteServerTransaction.name, () => {
  let t: TestContext;
  let start: number;

  beforeEach(() => {
    jest.useFakeTimers();
    start = Date.now();
    t = testContext(TRYING_DELAY);
  });

  afterEach(() => {
    jest.useRealTimers();
  });

  /** As the layer does it: create, let the TU see it (here: nothing), start the 100 timer. */
  function invite(source: SipEndpoint = UDP_SOURCE): InviteServerTransaction {
    const tx = new InviteServerTransaction('key', sipRequest(), source, t.context);
    tx.startTryingTimer();
    return tx;
  }

  function response(tx: InviteServerTransaction, status: number): Buffer {
    return buildResponse(tx.request, tx.source, status, 'Test', { toTag: tx.toTag });
  }

  describe('Timer G and Timer H', () => {
    it('should retransmit the final response at T1 doubling up to T2 when over UDP without ACK', () => {
      const tx = invite();
      tx.respond(608, response(tx, 608));
      jest.advanceTimersByTime(TIMER_H - 1);

      // Intervals 500, 1000, 2000, 4000, 4000, ... (§17.2.1), first send at 0.
      expect(t.channel.times(start)).toEqual([
        0, 500, 1500, 3500, 7500, 11500, 15500, 19500, 23500, 27500, 31500,
      ]);
      expect(t.channel.statuses().every((s) => s === 608)).toBe(true);
      expect(tx.state).toBe('completed');
    });

    it('should terminate with timer-h at 64*T1 and stay silent when no ACK arrives', () => {
      const tx = invite();
      tx.respond(608, response(tx, 608));
      jest.advanceTimersByTime(TIMER_H);
      const sends = t.channel.sent.length;

      expect(tx.state).toBe('terminated');
      expect(tx.terminated).toBe(true);
      expect(t.terminations).toEqual([{ tx, cause: 'timer-h', at: start + TIMER_H }]);

      jest.advanceTimersByTime(10 * TIMER_H);
      expect(t.channel.sent).toHaveLength(sends);
      expect(jest.getTimerCount()).toBe(0);
    });

    it('should not retransmit the final response when over TCP', () => {
      const tx = invite(TCP_SOURCE);
      tx.respond(486, response(tx, 486));
      jest.advanceTimersByTime(TIMER_H - 1);

      expect(t.channel.statuses()).toEqual([486]);
      expect(tx.state).toBe('completed');
    });

    it('should still apply Timer H when over TCP without ACK', () => {
      const tx = invite(TCP_SOURCE);
      tx.respond(486, response(tx, 486));
      jest.advanceTimersByTime(TIMER_H);

      expect(t.terminations.map((e) => e.cause)).toEqual(['timer-h']);
      expect(t.channel.statuses()).toEqual([486]);
    });
  });

  describe('ACK and Timer I', () => {
    it('should stop Timer G and enter confirmed when the ACK arrives', () => {
      const tx = invite();
      tx.respond(302, response(tx, 302));
      jest.advanceTimersByTime(1600);

      expect(tx.receiveAck()).toBe(true);
      expect(tx.state).toBe('confirmed');
      jest.advanceTimersByTime(TIMER_H);
      expect(t.channel.times(start)).toEqual([0, 500, 1500]);
    });

    it('should absorb ACKs and INVITE retransmissions then terminate at T4 when confirmed over UDP', () => {
      const tx = invite();
      tx.respond(608, response(tx, 608));
      jest.advanceTimersByTime(100);
      tx.receiveAck();

      jest.advanceTimersByTime(T4 - 1);
      expect(tx.receiveAck()).toBe(true);
      tx.receiveRetransmission();
      expect(t.channel.sent).toHaveLength(1);
      expect(tx.state).toBe('confirmed');

      jest.advanceTimersByTime(1);
      expect(tx.state).toBe('terminated');
      expect(t.terminations).toEqual([{ tx, cause: 'timer-i', at: start + 100 + T4 }]);
      expect(jest.getTimerCount()).toBe(0);
    });

    it('should terminate at once when the ACK arrives over TCP', () => {
      const tx = invite(TCP_SOURCE);
      tx.respond(608, response(tx, 608));
      tx.receiveAck();

      expect(tx.state).toBe('terminated');
      expect(t.terminations.map((e) => e.cause)).toEqual(['timer-i']);
      expect(jest.getTimerCount()).toBe(0);
    });

    it('should not absorb an ACK when no final response was sent', () => {
      const tx = invite();
      expect(tx.receiveAck()).toBe(false);
      expect(tx.state).toBe('proceeding');
    });
  });

  describe('100 Trying', () => {
    it('should send 100 Trying without a To tag when the TU has not answered within the delay', () => {
      const tx = invite();
      jest.advanceTimersByTime(TRYING_DELAY - 1);
      expect(t.channel.sent).toHaveLength(0);

      jest.advanceTimersByTime(1);
      expect(t.channel.statuses()).toEqual([100]);
      expect(t.channel.header(0, 'to')).toBe('<sip:+12025550123@gw.example.net>');
      expect(t.channel.header(0, 'server')).toBe('call-screening/test');
      expect(tx.hasFinalResponse).toBe(false);
    });

    it('should not send 100 Trying when the TU answered with a final response first', () => {
      const tx = invite();
      jest.advanceTimersByTime(TRYING_DELAY / 2);
      tx.respond(302, response(tx, 302));
      jest.advanceTimersByTime(TRYING_DELAY);

      expect(t.channel.statuses()).toEqual([302]);
    });

    it('should not send 100 Trying when the TU sent a provisional response first', () => {
      const tx = invite();
      tx.respond(183, response(tx, 183));
      jest.advanceTimersByTime(TRYING_DELAY);

      expect(t.channel.statuses()).toEqual([183]);
    });

    it('should send 100 Trying at once when the delay is 0', () => {
      t = testContext(0);
      invite();

      expect(t.channel.statuses()).toEqual([100]);
      expect(jest.getTimerCount()).toBe(0);
    });
  });

  describe('retransmitted INVITE', () => {
    it('should send 100 at once and not again later when retransmitted before any response', () => {
      const tx = invite();
      jest.advanceTimersByTime(10);
      tx.receiveRetransmission();
      jest.advanceTimersByTime(TRYING_DELAY);

      expect(t.channel.statuses()).toEqual([100]);
      expect(t.channel.times(start)).toEqual([10]);
    });

    it('should resend the last provisional response when retransmitted in proceeding', () => {
      const tx = invite();
      tx.respond(100, response(tx, 100));
      tx.respond(180, response(tx, 180));
      tx.receiveRetransmission();

      expect(t.channel.statuses()).toEqual([100, 180, 180]);
      expect(t.channel.sent[2].wire).toBe(t.channel.sent[1].wire);
    });

    it('should resend the final response when retransmitted in completed', () => {
      const tx = invite();
      tx.respond(608, response(tx, 608));
      tx.receiveRetransmission();

      expect(t.channel.statuses()).toEqual([608, 608]);
    });

    it('should absorb the INVITE when retransmitted in confirmed', () => {
      const tx = invite();
      tx.respond(608, response(tx, 608));
      tx.receiveAck();
      tx.receiveRetransmission();

      expect(t.channel.statuses()).toEqual([608]);
    });
  });

  describe('respond', () => {
    it('should refuse a second final response when one was already sent', () => {
      const tx = invite();
      // Built up front: the request is released once a final response has been sent.
      const [late608, late180] = [response(tx, 608), response(tx, 180)];
      expect(tx.respond(302, response(tx, 302))).toBe(true);
      expect(tx.respond(608, late608)).toBe(false);
      expect(tx.respond(180, late180)).toBe(false);
      expect(() => tx.request).toThrow(/released/);

      expect(t.channel.statuses()).toEqual([302]);
      expect(tx.hasFinalResponse).toBe(true);
    });

    it('should refuse a status outside 100-699 when given one', () => {
      const tx = invite();
      expect(tx.respond(99, response(tx, 99))).toBe(false);
      expect(tx.respond(700, response(tx, 700))).toBe(false);
      expect(t.channel.sent).toHaveLength(0);
    });

    it('should generate one 16-hex-digit To tag per transaction when created', () => {
      const a = invite();
      const b = invite();

      expect(a.toTag).toMatch(/^[0-9a-f]{16}$/);
      expect(a.toTag).toBe(a.toTag);
      expect(a.toTag).not.toBe(b.toTag);
      expect(a.responseToTag).toBe(a.toTag);
    });
  });

  describe('2xx (RFC 6026 Accepted)', () => {
    it('should send a 2xx once, absorb retransmissions and terminate at Timer L when accepted', () => {
      const tx = invite();
      tx.respond(200, response(tx, 200));
      expect(tx.state).toBe('accepted');
      tx.receiveRetransmission();
      expect(tx.receiveAck()).toBe(true);

      jest.advanceTimersByTime(TIMER_H - 1);
      expect(t.channel.statuses()).toEqual([200]);
      expect(tx.state).toBe('accepted');

      jest.advanceTimersByTime(1);
      expect(tx.state).toBe('terminated');
      expect(t.terminations.map((e) => e.cause)).toEqual(['timer-l']);
    });
  });

  describe('dispose', () => {
    it('should clear every timer and refuse responses when disposed', () => {
      const tx = invite();
      tx.dispose();
      const other = invite();
      other.respond(608, response(other, 608));
      other.dispose();

      expect(jest.getTimerCount()).toBe(0);
      expect(tx.terminated).toBe(true);
      expect(tx.respond(302, response(tx, 302))).toBe(false);
      jest.advanceTimersByTime(TIMER_H);
      expect(t.channel.statuses()).toEqual([608]);
      expect(t.terminations).toEqual([]);
    });
  });
});
