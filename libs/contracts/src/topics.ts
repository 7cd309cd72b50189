// Kafka topic names, versioned in the name (STYLE.md line 5): a breaking payload change gets a
// new topic (`.2`) and both run side by side during the migration.

export const TOPICS = {
  /** gateway → scorer; key = calling number, so one caller always lands on one scorer. */
  scoreRequest: 'scoring.internal.score-request.1',
  /** scorer → gateway; each gateway instance reads its own partition(s). */
  scoreReply: 'scoring.internal.score-reply.1',
  /** gateway → recorder; key = decision id; acks = -1. */
  decisionEvent: 'screening.decision-event.1',
  /** console → scorers; allow/block list changes, key = the number or prefix. */
  listChange: 'screening.list-change.1',
} as const;

export type TopicKey = keyof typeof TOPICS;
export type TopicName = (typeof TOPICS)[TopicKey];

/** Default partition counts; `KAFKA_PARTITIONS_<KEY>` overrides (see topic-plan.ts). */
export const DEFAULT_PARTITIONS: Readonly<Record<TopicKey, number>> = {
  scoreRequest: 12,
  scoreReply: 12,
  decisionEvent: 6,
  listChange: 1,
};
