export { ConfigError } from './config-error';
export { loadGatewayConfig, type GatewayConfig, type SipTimersConfig } from './gateway-config';
export {
  defaultPeers,
  peerProfileSchema,
  peersFileSchema,
  type LabelAnnotation,
  type PeerProfile,
} from './peer-profile';
export { loadScorerConfig, type ScorerConfig } from './scorer-config';
