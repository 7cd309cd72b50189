import { ConfigError, loadScorerConfig, type ScorerConfig } from '@app/config';
import { startScorer } from './bootstrap';

async function main(): Promise<void> {
  let config: ScorerConfig;
  try {
    config = loadScorerConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`scorer: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const { groupId, httpUrl } = await startScorer(config);
  process.stdout.write(`scorer kafka ${config.kafka.brokers.join(',')} group ${groupId}\n`);
  process.stdout.write(`scorer http ${httpUrl} (/metrics, /health/live, /health/ready)\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(
    `scorer failed to start: ${err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
});
