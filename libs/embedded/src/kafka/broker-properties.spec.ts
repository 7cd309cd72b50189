import { brokerProperties, renderProperties } from './broker-properties';

describe(brokerProperties.name, () => {
  const properties = new Map(brokerProperties({ dataDir: '/data', port: 19092 }));

  it('should configure one combined KRaft node when rendered for development and tests', () => {
    expect(properties.get('process.roles')).toBe('broker,controller');
    expect(properties.get('node.id')).toBe('1');
    expect(properties.get('controller.listener.names')).toBe('CONTROLLER');
    expect(properties.get('listener.security.protocol.map')).toBe(
      'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    );
  });

  it('should listen on 127.0.0.1 at the port and the controller at port + 1 when given a port', () => {
    expect(properties.get('listeners')).toBe(
      'PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093',
    );
    expect(properties.get('advertised.listeners')).toBe('PLAINTEXT://127.0.0.1:19092');
    expect(properties.get('controller.quorum.bootstrap.servers')).toBe('127.0.0.1:19093');
  });

  it('should keep the log under DATA_DIR/kafka/log when given a data dir', () => {
    expect(properties.get('log.dirs')).toBe('/data/kafka/log');
  });

  it('should set every single-node setting KAFKA.md lists when rendered', () => {
    expect(Object.fromEntries(properties)).toMatchObject({
      'offsets.topic.replication.factor': '1',
      'transaction.state.log.replication.factor': '1',
      'transaction.state.log.min.isr': '1',
      'offsets.topic.num.partitions': '1',
      'group.initial.rebalance.delay.ms': '0',
      'num.partitions': '1',
      'auto.create.topics.enable': 'false',
    });
  });

  it('should use the given partition counts when they are set', () => {
    const custom = new Map(
      brokerProperties({ dataDir: '/d', port: 9092, numPartitions: 6, offsetsTopicPartitions: 3 }),
    );
    expect(custom.get('num.partitions')).toBe('6');
    expect(custom.get('offsets.topic.num.partitions')).toBe('3');
  });
});

describe(renderProperties.name, () => {
  it('should write one key=value per line and escape backslashes when rendering', () => {
    const text = renderProperties([
      ['a', '1'],
      ['log.dirs', 'C:\\kafka'],
    ]);
    expect(text.split('\n').filter((line) => !line.startsWith('#'))).toEqual([
      'a=1',
      'log.dirs=C:\\\\kafka',
      '',
    ]);
  });
});
