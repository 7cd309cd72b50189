export { DEFAULT_PARTITIONS, TOPICS, type TopicKey, type TopicName } from './topics';
export {
  isScoreReply,
  isScoreRequest,
  scoreReplyProblem,
  scoreRequestProblem,
  type ScoreReplyMessage,
  type ScoreRequestMessage,
} from './score-messages';
export {
  decisionEventProblem,
  isDecisionEvent,
  type DecisionEventMessage,
  type VerdictOverride,
} from './decision-event';
/** Nest's Kafka request-reply headers (ServerKafka reads and writes these). */
export const KAFKA_HEADERS = {
  correlationId: 'kafka_correlationId',
  replyTopic: 'kafka_replyTopic',
  replyPartition: 'kafka_replyPartition',
  error: 'kafka_nest-err',
  isDisposed: 'kafka_nest-is-disposed',
} as const;
