import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigError } from './config-error';
import { loadGatewayConfig } from './gateway-config';

describe(loadGatewayConfig.name, () => {
  it('should give the DESIGN.md §8 defaults when the environment is empty', () => {
    const config = loadGatewayConfig({ KAFKA_BROKERS: '127.0.0.1:9092' });
    expect(config.sip).toMatchObject({ host: '127.0.0.1', port: 5060, tls: undefined });
    expect(config.sip.timers).toEqual({ T1: 500, T2: 4000, T4: 5000 });
    expect(config.publicBaseUrl).toBe('http://127.0.0.1:8080');
    expect(config.peers).toHaveLength(1);
    expect(config.peers[0]).toMatchObject({
      name: 'default',
      rejectForm: '608',
      allowForm: 'redirect',
      deadlineMs: 200,
    });
    expect(Object.isFrozen(config.sip.timers)).toBe(true);
  });

  it('should list every bad variable at once when several are wrong', () => {
    let error: unknown;
    try {
      loadGatewayConfig({
        SIP_PORT: 'seventy',
        SIP_T1_MS: '-1',
        PUBLIC_BASE_URL: 'ftp://x',
        SIP_TLS_PORT: '5061',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/SIP_PORT/);
    expect(problems).toMatch(/SIP_T1_MS/);
    expect(problems).toMatch(/PUBLIC_BASE_URL/);
  });

  it('should require KAFKA_BROKERS when scoring over Kafka, and not when scoring in process', () => {
    expect(() => loadGatewayConfig({})).toThrow(/KAFKA_BROKERS: required/);
    const inProcess = loadGatewayConfig({ GATEWAY_SCORING: 'in-process' });
    expect(inProcess.kafka).toBeUndefined();
    const kafka = loadGatewayConfig({
      KAFKA_BROKERS: ' a:9092, b:9092 ',
      GATEWAY_INSTANCE_ID: 'gw-1',
    });
    expect(kafka.kafka).toEqual({
      brokers: ['a:9092', 'b:9092'],
      instanceId: 'gw-1',
      replyPartition: undefined,
    });
  });

  it('should require the certificate and key when the TLS port is set', () => {
    expect(() => loadGatewayConfig({ GATEWAY_SCORING: 'in-process', SIP_TLS_PORT: '5061' })).toThrow(
      /SIP_TLS_CERT and SIP_TLS_KEY/,
    );
  });

  it('should load the example peers file when SIP_PEERS_FILE names it', () => {
    const config = loadGatewayConfig({
      GATEWAY_SCORING: 'in-process',
      SIP_PEERS_FILE: resolve(__dirname, '../../../config/peers.example.yaml'),
    });
    expect(config.peers.map((p) => p.name)).toEqual(['carrier-east', 'carrier-west']);
    expect(config.peers[1]).toMatchObject({
      rejectForm: '603+',
      continueCode: { status: 404, reason: 'Not Found' },
    });
  });

  it('should name the peer and field when a peers file is invalid', () => {
    const dir = mkdtempSync(join(tmpdir(), 'peers-'));
    const file = join(dir, 'peers.json');
    writeFileSync(
      file,
      JSON.stringify({
        peers: [{ name: 'x', cidrs: ['300.1.1.1/8'], routeTarget: 'h', allowForm: 'continue' }],
      }),
    );
    expect(() => loadGatewayConfig({ GATEWAY_SCORING: 'in-process', SIP_PEERS_FILE: file })).toThrow(
      /peers\.0\.cidrs\.0[\s\S]*peers\.0\.continueCode/,
    );
  });
});
