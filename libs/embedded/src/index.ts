// Public API of libs/embedded: the embedded Apache Kafka broker and topic provisioning.
export {
  BROKER_HOST,
  brokerProperties,
  kafkaHome,
  renderProperties,
  type BrokerPropertiesOptions,
} from './kafka/broker-properties';
export {
  EmbeddedKafka,
  type EmbeddedKafkaOptions,
  type RunningKafka,
} from './kafka/embedded-kafka';
export {
  EmbeddedKafkaError,
  INSTALL_HINT,
  type EmbeddedKafkaErrorCode,
} from './kafka/embedded-kafka.error';
export { ensureTopics, type EnsureTopicsOptions, type EnsuredTopic } from './kafka/ensure-topics';
export { locateKafkaArtifact, resolveClasspath, type KafkaArtifact } from './kafka/kafka-artifact';
export { checkJava, checkPortsFree, findFreePortPair, isPortFree } from './kafka/preflight';
export { partitionsVariable, topicPlan, type TopicSpec } from './kafka/topic-plan';
