import { peerProfileSchema, type PeerProfile } from '@app/config';
import { PeerDirectory } from './peer-directory';

function peer(name: string, cidrs: string[]): PeerProfile {
  return peerProfileSchema.parse({ name, cidrs, routeTarget: 'softswitch.example.net' });
}

describe(PeerDirectory.name, () => {
  const directory = new PeerDirectory([
    peer('carrier-a', ['192.0.2.0/24', '2001:db8::/32']),
    peer('carrier-b', ['198.51.100.7']),
    peer('catch-all-10', ['10.0.0.0/8']),
  ]);

  it.each([
    ['192.0.2.1', 'carrier-a'],
    ['192.0.2.255', 'carrier-a'],
    ['2001:db8::5', 'carrier-a'],
    ['::ffff:192.0.2.9', 'carrier-a'],
    ['198.51.100.7', 'carrier-b'],
    ['10.200.1.1', 'catch-all-10'],
  ])('should map %s to %s when it is inside a configured range', (address, expected) => {
    expect(directory.lookup(address)?.name).toBe(expected);
    // second lookup comes from the cache and must agree
    expect(directory.lookup(address)?.name).toBe(expected);
  });

  it.each(['192.0.3.1', '198.51.100.8', '2001:db9::1', 'not-an-address', ''])(
    'should return undefined when %s is not a configured peer',
    (address) => {
      expect(directory.lookup(address)).toBeUndefined();
      expect(directory.lookup(address)).toBeUndefined();
    },
  );
});
