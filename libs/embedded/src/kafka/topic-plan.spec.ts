import { DEFAULT_PARTITIONS, TOPICS } from '@app/contracts';
import { partitionsVariable, topicPlan } from './topic-plan';

describe(topicPlan.name, () => {
  it('should plan every contract topic with its default partitions when no variable is set', () => {
    expect(topicPlan({})).toEqual([
      { topic: TOPICS.scoreRequest, numPartitions: DEFAULT_PARTITIONS.scoreRequest },
      { topic: TOPICS.scoreReply, numPartitions: DEFAULT_PARTITIONS.scoreReply },
      { topic: TOPICS.decisionEvent, numPartitions: DEFAULT_PARTITIONS.decisionEvent },
      { topic: TOPICS.listChange, numPartitions: DEFAULT_PARTITIONS.listChange },
    ]);
  });

  it('should take KAFKA_PARTITIONS_<KEY> when it is set', () => {
    const plan = topicPlan({
      KAFKA_PARTITIONS_SCORE_REQUEST: '24',
      KAFKA_PARTITIONS_LIST_CHANGE: ' 2 ',
    });
    expect(plan.find((spec) => spec.topic === TOPICS.scoreRequest)?.numPartitions).toBe(24);
    expect(plan.find((spec) => spec.topic === TOPICS.listChange)?.numPartitions).toBe(2);
  });

  it('should list every bad variable in one error when several are invalid', () => {
    expect(() =>
      topicPlan({ KAFKA_PARTITIONS_SCORE_REPLY: '0', KAFKA_PARTITIONS_DECISION_EVENT: 'six' }),
    ).toThrow(
      'invalid topic plan:\n  KAFKA_PARTITIONS_SCORE_REPLY="0": expected a whole number from 1 to 99999\n  KAFKA_PARTITIONS_DECISION_EVENT="six": expected a whole number from 1 to 99999',
    );
  });
});

describe(partitionsVariable.name, () => {
  it('should turn a camelCase topic key into SCREAMING_SNAKE when naming the variable', () => {
    expect(partitionsVariable('scoreRequest')).toBe('KAFKA_PARTITIONS_SCORE_REQUEST');
    expect(partitionsVariable('decisionEvent')).toBe('KAFKA_PARTITIONS_DECISION_EVENT');
  });
});
