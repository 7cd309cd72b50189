import { ConfigError } from './config-error';
import { loadScorerConfig } from './scorer-config';

function problemsOf(env: NodeJS.ProcessEnv): string {
  try {
    loadScorerConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.join('\n');
  }
  throw new Error('expected a ConfigError');
}

describe(loadScorerConfig.name, () => {
  it('should give the defaults when only KAFKA_BROKERS is set', () => {
    const config = loadScorerConfig({ KAFKA_BROKERS: '127.0.0.1:9092' });
    expect(config.kafka).toEqual({
      brokers: ['127.0.0.1:9092'],
      clientId: expect.stringMatching(/^scorer-[A-Za-z0-9.-]+-\d+$/) as unknown,
      concurrency: 12,
    });
    expect(config.http).toEqual({ host: '127.0.0.1', port: 9192 });
    expect(config.scoring.ruleSetFile).toMatch(/config\/ruleset\.json$/);
    expect(config.scoring.listsFile).toMatch(/config\/lists\.json$/);
    expect(config.logLevel).toBe('info');
    expect(Object.isFrozen(config.kafka.brokers)).toBe(true);
  });

  it('should split and trim a comma list of brokers when several are given', () => {
    const config = loadScorerConfig({
      KAFKA_BROKERS: ' kafka-1:9092, kafka-2.example.net:9092 ,[::1]:19092,',
      KAFKA_CLIENT_ID: 'scorer-a',
      SCORER_CONCURRENCY: '4',
      SCORER_HTTP_PORT: '0',
    });
    expect(config.kafka).toEqual({
      brokers: ['kafka-1:9092', 'kafka-2.example.net:9092', '[::1]:19092'],
      clientId: 'scorer-a',
      concurrency: 4,
    });
    expect(config.http.port).toBe(0);
  });

  it('should say that KAFKA_BROKERS is required and how to set it when it is unset', () => {
    expect(problemsOf({})).toMatch(/KAFKA_BROKERS: required: the Kafka bootstrap servers/);
  });

  it('should list every bad variable at once when several are wrong', () => {
    const problems = problemsOf({
      KAFKA_BROKERS: 'localhost',
      KAFKA_CLIENT_ID: 'has spaces',
      SCORER_CONCURRENCY: '0',
      SCORER_HTTP_PORT: '70000',
      LOG_LEVEL: 'loud',
    });
    for (const name of [
      'KAFKA_BROKERS',
      'KAFKA_CLIENT_ID',
      'SCORER_CONCURRENCY',
      'SCORER_HTTP_PORT',
      'LOG_LEVEL',
    ]) {
      expect(problems).toContain(name);
    }
  });

  it('should reject an empty broker list when KAFKA_BROKERS holds only commas', () => {
    expect(problemsOf({ KAFKA_BROKERS: ' , ' })).toMatch(/KAFKA_BROKERS: at least one host:port/);
  });
});
