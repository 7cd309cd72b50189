import type { SipParams, Via } from '../message';
import { responseDestination } from './response-routing';
import type { SipEndpoint } from './transport';

function via(fields: Partial<Via>): Via {
  const params: SipParams = new Map();
  return {
    transport: 'UDP',
    host: '192.0.2.10',
    port: undefined,
    params,
    branch: 'z9hG4bK776asdhds',
    received: undefined,
    rport: undefined,
    maddr: undefined,
    ttl: undefined,
    raw: 'SIP/2.0/UDP 192.0.2.10',
    ...fields,
  };
}

const udpSource: SipEndpoint = { protocol: 'udp', address: '198.51.100.7', port: 32768 };
const tcpSource: SipEndpoint = {
  protocol: 'tcp',
  address: '198.51.100.7',
  port: 40001,
  connectionId: 17,
};
const tlsSource: SipEndpoint = { ...tcpSource, protocol: 'tls' };

interface Scenario {
  readonly name: string;
  readonly via: Via;
  readonly source: SipEndpoint;
  readonly expected: SipEndpoint;
}

const scenarios: Scenario[] = [
  {
    name: 'UDP without received/rport/maddr goes to the source address at the sent-by port',
    via: via({ port: 5070 }),
    source: udpSource,
    expected: { protocol: 'udp', address: '198.51.100.7', port: 5070 },
  },
  {
    name: 'UDP without a sent-by port goes to 5060',
    via: via({}),
    source: udpSource,
    expected: { protocol: 'udp', address: '198.51.100.7', port: 5060 },
  },
  {
    name: 'UDP whose sent-by host differs (NAT) still goes to the source address',
    via: via({ host: '10.0.0.5', port: 5062 }),
    source: udpSource,
    expected: { protocol: 'udp', address: '198.51.100.7', port: 5062 },
  },
  {
    name: 'UDP with ;rport goes to the source address and port (RFC 3581 §4)',
    via: via({ port: 5070, rport: null }),
    source: udpSource,
    expected: { protocol: 'udp', address: '198.51.100.7', port: 32768 },
  },
  {
    name: 'UDP with rport=<n> already filled in still goes to the source port',
    via: via({ port: 5070, rport: 5999 }),
    source: udpSource,
    expected: { protocol: 'udp', address: '198.51.100.7', port: 32768 },
  },
  {
    name: 'UDP with maddr ignores it and goes to the source address at the sent-by port',
    via: via({ port: 5070, maddr: '239.255.255.1', ttl: 16 }),
    source: udpSource,
    expected: { protocol: 'udp', address: '198.51.100.7', port: 5070 },
  },
  {
    name: 'UDP with maddr and no sent-by port goes to the source address at 5060',
    via: via({ maddr: '203.0.113.9' }),
    source: udpSource,
    expected: { protocol: 'udp', address: '198.51.100.7', port: 5060 },
  },
  {
    name: 'UDP with maddr and rport goes to the source address and port',
    via: via({ port: 5070, maddr: '203.0.113.9', rport: null }),
    source: udpSource,
    expected: { protocol: 'udp', address: '198.51.100.7', port: 32768 },
  },
  {
    name: 'UDP with an IPv6 maddr still goes to the source address',
    via: via({ maddr: '[2001:db8::9]' }),
    source: udpSource,
    expected: { protocol: 'udp', address: '198.51.100.7', port: 5060 },
  },
  {
    name: 'UDP with a stale received parameter uses the address it came from',
    via: via({ received: '192.0.2.99', port: 5070 }),
    source: udpSource,
    expected: { protocol: 'udp', address: '198.51.100.7', port: 5070 },
  },
  {
    name: 'TCP goes back over the same connection, sent-by port kept for a reconnect',
    via: via({ transport: 'TCP', port: 5070 }),
    source: tcpSource,
    expected: { protocol: 'tcp', address: '198.51.100.7', port: 5070, connectionId: 17 },
  },
  {
    name: 'TCP without a sent-by port reconnects to 5060',
    via: via({ transport: 'TCP' }),
    source: tcpSource,
    expected: { protocol: 'tcp', address: '198.51.100.7', port: 5060, connectionId: 17 },
  },
  {
    name: 'TCP ignores rport and maddr (the connection is the route)',
    via: via({ transport: 'TCP', port: 5070, rport: null, maddr: '203.0.113.9' }),
    source: tcpSource,
    expected: { protocol: 'tcp', address: '198.51.100.7', port: 5070, connectionId: 17 },
  },
  {
    name: 'TLS without a sent-by port reconnects to 5061',
    via: via({ transport: 'TLS' }),
    source: tlsSource,
    expected: { protocol: 'tls', address: '198.51.100.7', port: 5061, connectionId: 17 },
  },
];

describe(responseDestination.name, () => {
  it.each(scenarios)('should route correctly when $name', ({ via: topVia, source, expected }) => {
    expect(responseDestination(topVia, source)).toEqual(expected);
  });
});
