// The topics the service needs and their partition counts: names and defaults from
// libs/contracts, overrides from `KAFKA_PARTITIONS_<KEY>` (KAFKA_PARTITIONS_SCORE_REQUEST=24).
import { DEFAULT_PARTITIONS, TOPICS, type TopicKey } from '@app/contracts';

export interface TopicSpec {
  readonly topic: string;
  readonly numPartitions: number;
}

/** `scoreRequest` → `KAFKA_PARTITIONS_SCORE_REQUEST`. */
export function partitionsVariable(key: TopicKey): string {
  return `KAFKA_PARTITIONS_${key.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase()}`;
}

/** The plan for every topic in TOPICS; throws one error listing every bad variable. */
export function topicPlan(env: NodeJS.ProcessEnv = process.env): TopicSpec[] {
  const problems: string[] = [];
  const plan = (Object.keys(TOPICS) as TopicKey[]).map((key) => {
    const variable = partitionsVariable(key);
    const raw = env[variable];
    let numPartitions = DEFAULT_PARTITIONS[key];
    if (raw !== undefined && raw !== '') {
      if (/^[1-9]\d{0,4}$/.test(raw.trim())) numPartitions = Number(raw.trim());
      else
        problems.push(
          `${variable}=${JSON.stringify(raw)}: expected a whole number from 1 to 99999`,
        );
    }
    return { topic: TOPICS[key], numPartitions };
  });
  if (problems.length > 0) throw new Error(`invalid topic plan:\n  ${problems.join('\n  ')}`);
  return plan;
}
