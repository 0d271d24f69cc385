import { spawn, type SpawnOptions } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * Starts a TypeScript entry point in its own Node process with tsx as a loader (`node --import
 * tsx`), not through the tsx CLI: that CLI runs the script in a grandchild, so a SIGKILL meant
 * for it reaches only the wrapper (the script lives on), and it forwards SIGTERM only if the
 * script reports it within 30 ms — under load it kills the script instead and exits 143.
 */
export function spawnTs(script: string, args: string[], opts: SpawnOptions = {}) {
  return spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, ...opts });
}

/** `crisis-bot <args>` as a process of its own: `src/main.ts` run the same way. */
export const spawnCli = (args: string[], opts: SpawnOptions = {}) => spawnTs(path.join(ROOT, 'src/main.ts'), args, opts);

export type CliResult = { code: number; stdout: string; stderr: string };

/** Runs `crisis-bot <args>` as a user would: its own process, piped input, a minimal environment. */
export function runCli(args: string[], opts: { input?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawnCli(args, { env: { PATH: process.env.PATH!, HOME: process.env.HOME ?? '/tmp', LOG_LEVEL: 'warn', ...opts.env } });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (b) => (stdout += b));
    child.stderr!.on('data', (b) => (stderr += b));
    child.on('exit', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin!.end(opts.input ?? '');
  });
}
