import { ConfigError, loadGatewayConfig } from '@app/config';
import { startGateway } from './bootstrap';

async function main(): Promise<void> {
  let config;
  try {
    config = loadGatewayConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const { gateway, httpUrl } = await startGateway(config);
  for (const l of gateway.listeners) {
    const host = l.address.includes(':') ? `[${l.address}]` : l.address;
    process.stdout.write(`sip ${l.protocol} ${host}:${l.port}\n`);
  }
  process.stdout.write(`gateway http ${httpUrl} (/metrics, /health/live, /health/ready)\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(
    `sip-gateway failed to start: ${err instanceof Error ? err.stack : String(err)}\n`,
  );
  process.exit(1);
});
