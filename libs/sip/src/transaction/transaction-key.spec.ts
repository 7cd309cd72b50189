import { sipRequest } from './testing/sip-request-builder';
import {
  cancelTargetKey,
  hasMagicCookie,
  isRfc3261Request,
  rfc2543AckKeyWithoutToTag,
  serverTransactionKey,
} from './transaction-key';

describe(serverTransactionKey.name, () => {
  describe('RFC 3261 (magic cookie)', () => {
    it('should give the same key when the request is retransmitted', () => {
      expect(serverTransactionKey(sipRequest())).toBe(serverTransactionKey(sipRequest()));
    });

    it('should differ when the branch differs', () => {
      expect(serverTransactionKey(sipRequest({ branch: 'z9hG4bK-a' }))).not.toBe(
        serverTransactionKey(sipRequest({ branch: 'z9hG4bK-b' })),
      );
    });

    it('should differ when the sent-by host differs with the same branch', () => {
      expect(serverTransactionKey(sipRequest({ viaHost: 'sbc-1.example.com' }))).not.toBe(
        serverTransactionKey(sipRequest({ viaHost: 'sbc-2.example.com' })),
      );
    });

    it('should differ when the sent-by port differs with the same branch', () => {
      expect(serverTransactionKey(sipRequest({ viaPort: 5060 }))).not.toBe(
        serverTransactionKey(sipRequest({ viaPort: 5070 })),
      );
      expect(serverTransactionKey(sipRequest({ viaPort: 5060 }))).not.toBe(
        serverTransactionKey(sipRequest({ viaPort: null })),
      );
    });

    it('should compare the sent-by host case-insensitively when it is a name', () => {
      expect(serverTransactionKey(sipRequest({ viaHost: 'SBC.Example.COM' }))).toBe(
        serverTransactionKey(sipRequest({ viaHost: 'sbc.example.com' })),
      );
    });

    it('should ignore Call-ID, CSeq, tags and Request-URI when the branch has the cookie', () => {
      expect(
        serverTransactionKey(
          sipRequest({ callId: 'other', cseq: 1, fromTag: 'x', toTag: 'y', uri: 'sip:1@h' }),
        ),
      ).toBe(serverTransactionKey(sipRequest()));
    });

    it('should match the INVITE transaction when the request is an ACK', () => {
      const ack = sipRequest({ method: 'ACK', toTag: 'ours' });
      expect(serverTransactionKey(ack)).toBe(serverTransactionKey(sipRequest()));
    });

    it('should give a CANCEL its own key and find the INVITE when asked for its target', () => {
      const cancel = sipRequest({ method: 'CANCEL' });
      expect(serverTransactionKey(cancel)).not.toBe(serverTransactionKey(sipRequest()));
      expect(cancelTargetKey(cancel)).toBe(serverTransactionKey(sipRequest()));
    });

    it('should differ by method when the branch is reused by a non-INVITE', () => {
      expect(serverTransactionKey(sipRequest({ method: 'OPTIONS' }))).not.toBe(
        serverTransactionKey(sipRequest()),
      );
    });
  });

  describe('RFC 2543 fallback', () => {
    const legacy = { branch: null } as const;

    it('should use the fallback when the branch is absent or lacks the cookie', () => {
      expect(isRfc3261Request(sipRequest(legacy))).toBe(false);
      expect(isRfc3261Request(sipRequest({ branch: '8a8sdg87s' }))).toBe(false);
      expect(isRfc3261Request(sipRequest())).toBe(true);
      expect(hasMagicCookie('z9hg4bk-lower')).toBe(false);
    });

    it('should give the same key when the request is retransmitted', () => {
      expect(serverTransactionKey(sipRequest(legacy))).toBe(
        serverTransactionKey(sipRequest(legacy)),
      );
    });

    it.each([
      ['Request-URI', { uri: 'sip:+12025550199@gw.example.net' }],
      ['To tag', { toTag: 'abc' }],
      ['From tag', { fromTag: 'other' }],
      ['Call-ID', { callId: 'other@sbc.example.com' }],
      ['CSeq number', { cseq: 2 }],
      ['top Via', { viaPort: 5070 }],
      ['method', { method: 'OPTIONS' }],
    ])('should differ when the %s differs', (_field, change) => {
      expect(serverTransactionKey(sipRequest({ ...legacy, ...change }))).not.toBe(
        serverTransactionKey(sipRequest(legacy)),
      );
    });

    it('should find an INVITE sent without To tag when the ACK carries our To tag', () => {
      const ack = sipRequest({ ...legacy, method: 'ACK', cseqMethod: 'ACK', toTag: 'ours' });
      expect(serverTransactionKey(ack)).not.toBe(serverTransactionKey(sipRequest(legacy)));
      expect(rfc2543AckKeyWithoutToTag(ack)).toBe(serverTransactionKey(sipRequest(legacy)));
    });

    it('should find a re-INVITE by its own To tag when the ACK carries it', () => {
      const reInvite = sipRequest({ ...legacy, toTag: 'dialog' });
      const ack = sipRequest({ ...legacy, method: 'ACK', toTag: 'dialog' });
      expect(serverTransactionKey(ack)).toBe(serverTransactionKey(reInvite));
    });

    it('should find the INVITE from a CANCEL when asked for its target', () => {
      const cancel = sipRequest({ ...legacy, method: 'CANCEL' });
      expect(serverTransactionKey(cancel)).not.toBe(serverTransactionKey(sipRequest(legacy)));
      expect(cancelTargetKey(cancel)).toBe(serverTransactionKey(sipRequest(legacy)));
    });
  });
});
