// kafkajs has no linger: ServerKafka's one producer.send per reply is one Produce request per
// reply, which caps a scorer at a few thousand replies/s on this machine. This wraps the
// producer's send so that the replies of one event-loop turn go out together, one Produce
// request per (topic, acks); each caller still gets the metadata of its own partition, so the
// "was it written?" check in ScorerKafkaServer keeps working.
import type { Message, Producer, ProducerRecord, RecordMetadata } from 'kafkajs';

interface QueuedSend {
  readonly record: ProducerRecord;
  resolve(metadata: RecordMetadata[]): void;
  reject(error: unknown): void;
}

export function batchProducerSends(producer: Producer): void {
  const send = producer.send.bind(producer);
  let queue: QueuedSend[] = [];
  let scheduled = false;

  const flush = (): void => {
    scheduled = false;
    const batch = queue;
    queue = [];
    const groups = new Map<string, QueuedSend[]>();
    for (const item of batch) {
      const key = `${item.record.topic}\n${item.record.acks ?? -1}`;
      const group = groups.get(key);
      if (group) group.push(item);
      else groups.set(key, [item]);
    }
    for (const group of groups.values()) {
      const { topic, acks, timeout, compression } = group[0].record;
      const messages: Message[] = group.flatMap((item) => item.record.messages);
      send({ topic, acks, timeout, compression, messages }).then(
        (metadata) => {
          for (const item of group) {
            const partitions = new Set(item.record.messages.map((m) => m.partition));
            item.resolve(metadata.filter((m) => partitions.has(m.partition)));
          }
        },
        (error: unknown) => {
          for (const item of group) item.reject(error);
        },
      );
    }
  };

  producer.send = (record: ProducerRecord): Promise<RecordMetadata[]> =>
    new Promise<RecordMetadata[]>((resolve, reject) => {
      queue.push({ record, resolve, reject });
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
}
