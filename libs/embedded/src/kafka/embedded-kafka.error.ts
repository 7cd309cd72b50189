// Every way the embedded broker can fail to start, each with a message that says what to do.

export type EmbeddedKafkaErrorCode =
  | 'java-missing'
  | 'java-too-old'
  | 'maven-missing'
  | 'maven-failed'
  | 'port-in-use'
  | 'data-dir-locked'
  | 'broker-exited'
  | 'start-timeout';

/** A start-up failure of the embedded Apache Kafka broker; `message` says what to do about it. */
export class EmbeddedKafkaError extends Error {
  constructor(
    readonly code: EmbeddedKafkaErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'EmbeddedKafkaError';
  }
}

/** The advice every "cannot run the embedded broker" message ends with. */
export const INSTALL_HINT =
  'install openjdk-17-jre-headless and maven, or set KAFKA_BROKERS to an existing cluster';
