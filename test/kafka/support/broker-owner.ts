// A process that owns an embedded broker and is then killed with SIGKILL by the test: no 'exit'
// handler runs, so only the JVM's parent-death signal can stop the broker.
// Env: OWNER_DATA_DIR, OWNER_PORT. Prints `ready <jvm pid>` once the broker answers.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EmbeddedKafka } from '@app/embedded';

async function main(): Promise<void> {
  const dataDir = process.env.OWNER_DATA_DIR ?? '';
  const kafka = new EmbeddedKafka({ dataDir, port: Number(process.env.OWNER_PORT) });
  await kafka.start();
  const pid = readFileSync(join(dataDir, 'kafka', 'broker.pid'), 'utf8').trim();
  process.stdout.write(`ready ${pid}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`broker-owner: ${String(error)}\n`);
  process.exit(1);
});
