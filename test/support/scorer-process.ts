// The scorer as its own process (`node dist/apps/scorer/main.js`), as it runs in production,
// so tests can kill it (SIGKILL), pause it (SIGSTOP) and start it again.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';

const MAIN = resolve(__dirname, '../../dist/apps/scorer/main.js');

export class ScorerProcess {
  private child: ChildProcess | undefined;
  readonly output: string[] = [];

  constructor(private readonly env: Record<string, string>) {}

  static available(): boolean {
    return existsSync(MAIN);
  }

  /** Starts it and waits (bounded) for its `scorer http` ready line. */
  async start(timeoutMs = 45_000): Promise<void> {
    const child = spawn(process.execPath, [MAIN], {
      env: { ...process.env, LOG_LEVEL: 'warn', SCORER_HTTP_PORT: '0', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    createInterface({ input: child.stderr }).on('line', (l) => this.output.push(l));
    await new Promise<void>((resolvePromise, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`scorer not ready in ${timeoutMs} ms:\n${this.output.join('\n')}`)),
        timeoutMs,
      );
      createInterface({ input: child.stdout }).on('line', (line) => {
        this.output.push(line);
        if (line.startsWith('scorer http ')) {
          clearTimeout(timer);
          resolvePromise();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`scorer exited (${code}) during start:\n${this.output.join('\n')}`));
      });
    });
  }

  signal(sig: NodeJS.Signals): void {
    this.child?.kill(sig);
  }

  /** SIGTERM (graceful: leaves the group) or SIGKILL; resolves when it is gone. */
  async stop(sig: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGCONT');
    child.kill(sig);
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await gone;
    clearTimeout(timer);
  }
}
