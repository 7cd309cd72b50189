export { DEFAULT_PARTITIONS, TOPICS, type TopicKey, type TopicName } from './topics';
