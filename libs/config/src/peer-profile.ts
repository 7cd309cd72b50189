// Peers: which source addresses we serve and how we answer each (DESIGN.md §3, §4, §8).
import { z } from 'zod';
import ipaddr from 'ipaddr.js';

const cidr = z.string().refine(
  (value) => {
    try {
      ipaddr.parseCIDR(value.includes('/') ? value : `${value}/${value.includes(':') ? 128 : 32}`);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not a CIDR (e.g. 192.0.2.0/24, 2001:db8::/32, or a single address)' },
);

const continueCode = z.object({
  status: z.number().int().min(300).max(699),
  reason: z.string().regex(/^[\x20-\x7e]+$/, 'printable ASCII only'),
});

/** How a `label` verdict is shown to the SBC: a header it copies, or a Contact URI parameter. */
const labelAnnotation = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('header'),
    name: z.string().regex(/^(X|P)-[A-Za-z0-9-]+$/, 'an X- or P- header name'),
    value: z.string().regex(/^[\x20-\x7e]+$/, 'printable ASCII only'),
  }),
  z.object({
    kind: z.literal('contact-param'),
    name: z.string().regex(/^[A-Za-z0-9-]+$/),
    value: z.string().regex(/^[A-Za-z0-9_.!~*'()-]+$/),
  }),
]);

export const peerProfileSchema = z.object({
  name: z.string().regex(/^[A-Za-z0-9_.-]+$/),
  /** Source CIDRs this profile serves. */
  cidrs: z.array(cidr).min(1),
  /** RFC 8688 608 (default), or ATIS-1000099 603+ (`603 Network Blocked`). */
  rejectForm: z.enum(['608', '603+']).default('608'),
  /** Reason form of a 603+: `SIP;cause=603;...` (default) or `Q.850;cause=21;...`. */
  reject603ReasonForm: z.enum(['sip', 'q850']).default('sip'),
  /** RFC 8688 §3.4: no `Feature-Caps: *;+sip.608` → answer 603+ instead of 608. */
  fallbackTo603WithoutFeatureCaps: z.boolean().default(false),
  /** `redirect` = 302 with Contact at routeTarget; `continue` = continueCode (route advance). */
  allowForm: z.enum(['redirect', 'continue']).default('redirect'),
  continueCode: continueCode.optional(),
  /** host[:port][;params] the 302 Contact points at; the caller's user part is kept. */
  routeTarget: z
    .string()
    .regex(/^[A-Za-z0-9.:[\]-]+(;[A-Za-z0-9_.=-]+)*$/, 'host[:port][;param=value]'),
  /** Scoring deadline; past it the call fails open (DESIGN.md §4). */
  deadlineMs: z.number().int().min(1).max(5000).default(200),
  labelAnnotation: labelAnnotation.optional(),
  /** §8.3: a redirect server ignores unknown Require tags (default); 'reject' answers 420. */
  unknownRequire: z.enum(['ignore', 'reject']).default('ignore'),
  /** Max-Forwards: 0 is processed normally (we forward nothing); 'reject' answers 483. */
  maxForwardsZero: z.enum(['process', 'reject']).default('process'),
});

export const peersFileSchema = z
  .object({ peers: z.array(peerProfileSchema).min(1) })
  .superRefine((file, ctx) => {
    const names = new Set<string>();
    file.peers.forEach((peer, i) => {
      if (names.has(peer.name)) {
        ctx.addIssue({ code: 'custom', path: ['peers', i, 'name'], message: 'duplicate name' });
      }
      names.add(peer.name);
      if (peer.allowForm === 'continue' && !peer.continueCode) {
        ctx.addIssue({
          code: 'custom',
          path: ['peers', i, 'continueCode'],
          message: 'required when allowForm is "continue"',
        });
      }
    });
  });

export type PeerProfile = z.infer<typeof peerProfileSchema>;
export type LabelAnnotation = z.infer<typeof labelAnnotation>;

/** Where the built-in profile's 302 points: the softswitch next to us in a lab set-up. */
const DEFAULT_ROUTE_PORT = 5080;

/** Built-in when SIP_PEERS_FILE is unset: loopback → `default` (608 form, 302 allow). */
export function defaultPeers(sipHost: string): PeerProfile[] {
  return [
    peerProfileSchema.parse({
      name: 'default',
      cidrs: ['127.0.0.0/8', '::1/128'],
      routeTarget: `${sipHost.includes(':') ? `[${sipHost}]` : sipHost}:${DEFAULT_ROUTE_PORT}`,
    }),
  ];
}
