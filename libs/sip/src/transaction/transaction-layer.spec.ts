import { buildResponse } from '../response-builder';
import type { SipEndpoint } from '../transport/transport';
import {
  RecordingChannel,
  RecordingTransactionUser,
  TCP_SOURCE,
  UDP_SOURCE,
} from './testing/recording-channel';
import { sipRequest, type RequestSpec } from './testing/sip-request-builder';
import { InviteServerTransaction } from './invite-server-transaction';
import { DEFAULT_SIP_TIMERS } from './timers';
import { TransactionLayer, type TransactionLayerOptions } from './transaction-layer';
import type { ServerTransactionHandle, TransactionEvent } from './transaction-user';

const { T1, T4 } = DEFAULT_SIP_TIMERS;
const TIMER_H = 64 * T1;
const TIMER_J = 64 * T1;
const OPTIONS: TransactionLayerOptions = {
  timers: DEFAULT_SIP_TIMERS,
  tryingDelayMs: 50,
  maxTransactions: 100,
  server: 'call-screening/test',
};

describe(TransactionLayer.name, () => {
  let channel: RecordingChannel;
  let tu: RecordingTransactionUser;
  let events: TransactionEvent[];
  let layer: TransactionLayer;

  function createLayer(options: Partial<TransactionLayerOptions> = {}): TransactionLayer {
    return new TransactionLayer({ ...OPTIONS, ...options }, tu, channel, (e) => events.push(e));
  }

  beforeEach(() => {
    jest.useFakeTimers();
    channel = new RecordingChannel();
    tu = new RecordingTransactionUser();
    events = [];
    layer = createLayer();
  });

  afterEach(() => {
    layer.close();
    jest.useRealTimers();
  });

  function receive(spec: RequestSpec = {}, source: SipEndpoint = UDP_SOURCE): void {
    layer.receiveRequest(sipRequest(spec), source);
  }

  function answer(tx: ServerTransactionHandle, status: number): boolean {
    return tx.respond(
      status,
      buildResponse(tx.request, tx.source, status, 'Test', { toTag: tx.toTag }),
    );
  }

  function onlyTransaction(): ServerTransactionHandle {
    expect(tu.requests).toHaveLength(1);
    return tu.requests[0];
  }

  describe('new requests and retransmissions', () => {
    it('should create one transaction and call the TU once when an INVITE arrives', () => {
      receive();

      expect(layer.size).toBe(1);
      expect(onlyTransaction().request.method).toBe('INVITE');
      expect(events).toEqual([]);
    });

    it('should send no 100 Trying and arm no timer for it when the TU answers synchronously', () => {
      const answering = new (class extends RecordingTransactionUser {
        override onRequest(tx: ServerTransactionHandle): void {
          super.onRequest(tx);
          answer(tx, 608);
        }
      })();
      layer.close();
      layer = new TransactionLayer(OPTIONS, answering, channel, (e) => events.push(e));
      receive();
      const timersAfterAnswer = jest.getTimerCount();
      jest.advanceTimersByTime(OPTIONS.tryingDelayMs * 2);
      expect(channel.statuses()).toEqual([608]);
      // Timers G and H only: the 100 Trying timer was never created.
      expect(timersAfterAnswer).toBe(2);
    });

    it('should answer a retransmitted INVITE from state without the TU when it arrives again', () => {
      receive();
      receive();

      expect(tu.requests).toHaveLength(1);
      expect(channel.statuses()).toEqual([100]);
      expect(events).toEqual(['retransmission-absorbed']);
    });

    it('should resend the final response when the INVITE is retransmitted after it', () => {
      receive();
      answer(onlyTransaction(), 608);
      receive();

      expect(channel.statuses()).toEqual([608, 608]);
      expect(events).toEqual(['retransmission-absorbed']);
    });

    it('should answer a retransmitted non-INVITE from state when it arrives again', () => {
      receive({ method: 'OPTIONS' });
      receive({ method: 'OPTIONS' });
      answer(onlyTransaction(), 200);
      receive({ method: 'OPTIONS' });

      expect(channel.statuses()).toEqual([200, 200]);
      expect(events).toEqual(['retransmission-absorbed', 'retransmission-absorbed']);
    });

    it('should keep two transactions apart when they share a branch but not the sent-by', () => {
      receive({ viaHost: 'sbc-1.example.com' });
      receive({ viaHost: 'sbc-2.example.com' });

      expect(tu.requests).toHaveLength(2);
      expect(layer.size).toBe(2);
    });

    it('should ignore requests when closed', () => {
      layer.close();
      receive();

      expect(tu.requests).toHaveLength(0);
      expect(layer.size).toBe(0);
    });
  });

  describe('ACK', () => {
    it('should absorb an ACK when it matches an INVITE transaction with a final response', () => {
      receive();
      answer(onlyTransaction(), 302);
      receive({ method: 'ACK', cseqMethod: 'ACK', toTag: onlyTransaction().toTag });
      jest.advanceTimersByTime(TIMER_H);

      expect(events).toEqual(['ack-absorbed']);
      expect(channel.statuses()).toEqual([302]);
      expect(tu.requests).toHaveLength(1);
    });

    it('should drop an ACK as stray when it matches no transaction', () => {
      receive({ method: 'ACK', branch: 'z9hG4bK-nothing', toTag: 'x' });

      expect(events).toEqual(['stray-ack']);
      expect(channel.sent).toHaveLength(0);
      expect(layer.size).toBe(0);
    });

    it('should drop an ACK as stray when its sent-by differs from the INVITE', () => {
      receive();
      answer(onlyTransaction(), 302);
      receive({ method: 'ACK', viaHost: 'elsewhere.example.com', toTag: 'x' });

      expect(events).toEqual(['stray-ack']);
    });
  });

  describe('CANCEL (§9.2)', () => {
    it('should send 200 to the CANCEL and 487 to the INVITE and tell the TU when no final was sent', () => {
      receive();
      const invite = onlyTransaction();
      receive({ method: 'CANCEL' });

      expect(channel.statuses()).toEqual([200, 487]);
      expect(channel.header(0, 'cseq')).toMatch(/ CANCEL$/);
      expect(channel.header(1, 'cseq')).toMatch(/ INVITE$/);
      expect(channel.header(0, 'to')).toBe(`<sip:+12025550123@gw.example.net>;tag=${invite.toTag}`);
      expect(channel.header(1, 'to')).toBe(`<sip:+12025550123@gw.example.net>;tag=${invite.toTag}`);
      expect(channel.header(1, 'cseq')).toBe('314159 INVITE');
      expect(channel.header(1, 'server')).toBe('call-screening/test');
      expect(events).toEqual(['cancel-matched']);
      expect(tu.cancelled).toEqual([invite]);
      expect(invite.hasFinalResponse).toBe(true);
      expect(() => invite.request).toThrow(/released/);
    });

    it('should retransmit the 487 on Timer G until the ACK when cancelled over UDP', () => {
      receive();
      const start = Date.now();
      receive({ method: 'CANCEL' });
      jest.advanceTimersByTime(1600);
      receive({ method: 'ACK', toTag: onlyTransaction().toTag });
      jest.advanceTimersByTime(TIMER_H);

      const invite487 = channel.sent.filter((s) => s.status === 487).map((s) => s.at - start);
      expect(invite487).toEqual([0, 500, 1500]);
      expect(events).toEqual(['cancel-matched', 'ack-absorbed']);
    });

    it('should answer 200 without effect when the final response was already sent', () => {
      receive();
      answer(onlyTransaction(), 608);
      receive({ method: 'CANCEL' });

      expect(channel.statuses()).toEqual([608, 200]);
      expect(events).toEqual(['cancel-after-final']);
      expect(tu.cancelled).toEqual([]);
    });

    it('should answer 481 when the CANCEL matches no transaction', () => {
      receive({ method: 'CANCEL' });

      expect(channel.statuses()).toEqual([481]);
      expect(channel.sent[0].wire.toString('latin1')).toMatch(
        /^SIP\/2\.0 481 Call\/Transaction Does Not Exist\r\n/,
      );
      expect(events).toEqual(['cancel-no-match']);
      expect(tu.requests).toEqual([]);
    });

    it('should answer 481 when the CANCEL names a non-INVITE transaction', () => {
      receive({ method: 'OPTIONS' });
      receive({ method: 'CANCEL' });

      expect(channel.statuses()).toEqual([481]);
      expect(events).toEqual(['cancel-no-match']);
    });

    it('should answer a retransmitted CANCEL from its own transaction when it arrives again', () => {
      receive();
      receive({ method: 'CANCEL' });
      receive({ method: 'CANCEL' });

      expect(channel.statuses()).toEqual([200, 487, 200]);
      expect(events).toEqual(['cancel-matched', 'retransmission-absorbed']);
      expect(tu.cancelled).toHaveLength(1);
    });

    it('should not reach the TU with the CANCEL when it arrives', () => {
      receive();
      receive({ method: 'CANCEL' });

      expect(tu.requests).toHaveLength(1);
      expect(tu.requests[0]).toBeInstanceOf(InviteServerTransaction);
    });
  });

  describe('RFC 2543 fallback matching', () => {
    const legacy = { branch: null } as const;

    it('should match a retransmission by Request-URI, tags, Call-ID, CSeq and Via when there is no cookie', () => {
      receive(legacy);
      receive(legacy);
      receive({ ...legacy, cseq: 2 });

      expect(tu.requests).toHaveLength(2);
      expect(events).toEqual(['retransmission-absorbed']);
    });

    it('should absorb the ACK when its To tag equals the one our response carried', () => {
      receive(legacy);
      answer(onlyTransaction(), 608);
      receive({ ...legacy, method: 'ACK', cseqMethod: 'ACK', toTag: onlyTransaction().toTag });

      expect(events).toEqual(['ack-absorbed']);
    });

    it('should drop the ACK as stray when its To tag differs from the one our response carried', () => {
      receive(legacy);
      answer(onlyTransaction(), 608);
      receive({ ...legacy, method: 'ACK', toTag: 'someone-else' });
      receive({ ...legacy, method: 'ACK' });

      expect(events).toEqual(['stray-ack', 'stray-ack']);
    });

    it('should cancel the INVITE when a legacy CANCEL matches it', () => {
      receive(legacy);
      receive({ ...legacy, method: 'CANCEL' });

      expect(channel.statuses()).toEqual([200, 487]);
      expect(events).toEqual(['cancel-matched']);
    });
  });

  describe('removal from the map', () => {
    it('should remove the INVITE transaction at Timer I when ACKed over UDP', () => {
      receive();
      answer(onlyTransaction(), 608);
      receive({ method: 'ACK', toTag: onlyTransaction().toTag });
      jest.advanceTimersByTime(T4 - 1);
      expect(layer.size).toBe(1);

      jest.advanceTimersByTime(1);
      expect(layer.size).toBe(0);
      expect(onlyTransaction().terminated).toBe(true);
    });

    it('should remove the INVITE transaction at once when ACKed over TCP', () => {
      receive({}, TCP_SOURCE);
      answer(onlyTransaction(), 608);
      receive({ method: 'ACK', toTag: onlyTransaction().toTag }, TCP_SOURCE);

      expect(layer.size).toBe(0);
    });

    it('should remove the INVITE transaction and report timer-h-expired when no ACK comes', () => {
      receive();
      answer(onlyTransaction(), 608);
      jest.advanceTimersByTime(TIMER_H);

      expect(layer.size).toBe(0);
      expect(events).toEqual(['timer-h-expired']);
    });

    it('should remove a non-INVITE transaction at Timer J over UDP and at once over TCP', () => {
      receive({ method: 'OPTIONS' });
      receive({ method: 'OPTIONS', branch: 'z9hG4bK-tcp' }, TCP_SOURCE);
      for (const tx of tu.requests) answer(tx, 200);
      expect(layer.size).toBe(1);

      jest.advanceTimersByTime(TIMER_J);
      expect(layer.size).toBe(0);
    });

    it('should treat a request as new when it arrives after its transaction was removed', () => {
      receive({ method: 'OPTIONS' }, TCP_SOURCE);
      answer(onlyTransaction(), 200);
      receive({ method: 'OPTIONS' }, TCP_SOURCE);

      expect(tu.requests).toHaveLength(2);
    });

    it('should clear every timer when closed', () => {
      receive();
      receive({ method: 'OPTIONS' });
      answer(tu.requests[0], 608);
      answer(tu.requests[1], 200);
      receive({ method: 'CANCEL', branch: 'z9hG4bK-other' });
      expect(jest.getTimerCount()).toBeGreaterThan(0);

      layer.close();
      expect(jest.getTimerCount()).toBe(0);
      expect(layer.size).toBe(0);
    });
  });

  describe('capacity', () => {
    beforeEach(() => {
      layer = createLayer({ maxTransactions: 2 });
    });

    it('should answer 503 with Retry-After and a To tag and count it when at capacity', () => {
      receive({ branch: 'z9hG4bK-1' });
      receive({ branch: 'z9hG4bK-2' });
      receive({ branch: 'z9hG4bK-3' });

      expect(tu.requests).toHaveLength(2);
      expect(layer.size).toBe(2);
      expect(channel.statuses()).toEqual([503]);
      expect(channel.header(0, 'retry-after')).toBe('1');
      expect(channel.header(0, 'to')).toMatch(/;tag=[0-9a-f]{16}$/);
      expect(events).toEqual(['capacity-rejected']);
    });

    it('should still answer retransmissions of live transactions when at capacity', () => {
      receive({ branch: 'z9hG4bK-1' });
      receive({ branch: 'z9hG4bK-2' });
      receive({ branch: 'z9hG4bK-1' });

      expect(channel.statuses()).toEqual([100]);
      expect(events).toEqual(['retransmission-absorbed']);
    });

    it('should accept new requests again when a transaction was removed', () => {
      receive({ branch: 'z9hG4bK-1', method: 'OPTIONS' });
      receive({ branch: 'z9hG4bK-2', method: 'OPTIONS' });
      answer(tu.requests[0], 200);
      jest.advanceTimersByTime(TIMER_J);
      receive({ branch: 'z9hG4bK-3' });

      expect(tu.requests).toHaveLength(3);
      expect(events).toEqual([]);
    });

    it('should still cancel an INVITE and answer the CANCEL statelessly when at capacity', () => {
      receive({ branch: 'z9hG4bK-1' });
      receive({ branch: 'z9hG4bK-2' });
      receive({ branch: 'z9hG4bK-1', method: 'CANCEL' });

      expect(channel.statuses()).toEqual([200, 487]);
      expect(channel.header(0, 'to')).toContain(`;tag=${tu.requests[0].toTag}`);
      expect(events).toEqual(['cancel-matched']);
      expect(layer.size).toBe(2);
    });
  });
});
