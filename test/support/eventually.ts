// Poll with a bound instead of sleeping (model: twenty's expect-eventually.util.ts).
import { sleep } from './sip-test-client';

/** Resolves once `check` returns true; a check that throws counts as "not yet". */
export async function expectEventually(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 5000,
  intervalMs = 20,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(intervalMs);
  }
}
