// One app of the service run as its own process (`node dist/apps/<app>/main.js`), exactly as it
// runs in production, supervised: its output is passed through, a crash is restarted after a
// pause, and stop() ends it with SIGTERM (SIGKILL after a bound).
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface ChildAppOptions {
  readonly name: string;
  readonly main: string;
  readonly env: NodeJS.ProcessEnv;
  /** A stdout line that says the app is ready (e.g. /^sip udp /). */
  readonly readyLine: RegExp;
  readonly startTimeoutMs: number;
  readonly stopTimeoutMs: number;
  /** Lines the launcher prints as they are (the "what listens where" lines). */
  readonly announce: RegExp;
}

const RESTART_DELAY_MS = 1000;

export class ChildApp {
  private child: ChildProcess | undefined;
  private stopping = false;

  constructor(private readonly options: ChildAppOptions) {}

  /** Starts the app and resolves when it printed its ready line. */
  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      const { name, main, env, readyLine, startTimeoutMs } = this.options;
      const child = spawn(process.execPath, [main], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      this.child = child;
      let ready = false;
      const timer = setTimeout(() => {
        if (!ready) reject(new Error(`${name} did not become ready within ${startTimeoutMs} ms`));
      }, startTimeoutMs);
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (this.options.announce.test(line)) process.stdout.write(`${line}\n`);
        else process.stderr.write(`[${name}] ${line}\n`);
        if (!ready && readyLine.test(line)) {
          ready = true;
          clearTimeout(timer);
          resolve();
        }
      });
      createInterface({ input: child.stderr }).on('line', (line) =>
        process.stderr.write(`[${name}] ${line}\n`),
      );
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        this.child = undefined;
        if (this.stopping) return;
        if (!ready) {
          reject(new Error(`${name} exited during start (code ${code}, signal ${signal})`));
          return;
        }
        process.stderr.write(
          `[launcher] ${name} exited (code ${code}, signal ${signal}); restarting in ${RESTART_DELAY_MS} ms\n`,
        );
        setTimeout(() => {
          if (this.stopping) return;
          this.start().catch((err: unknown) =>
            process.stderr.write(`[launcher] ${name} restart failed: ${String(err)}\n`),
          );
        }, RESTART_DELAY_MS);
      });
    });
  }

  /** SIGTERM, then SIGKILL after the bound; resolves when the process is gone. */
  async stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), this.options.stopTimeoutMs);
    await exited;
    clearTimeout(timer);
  }
}
