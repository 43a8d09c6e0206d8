/** Runs the kvet CLI in-process with captured stdout/stderr, as a user would call it. */
import { Readable } from 'node:stream';
import { main } from '../../src/cli/main.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runCli(argv: readonly string[], stdin = ''): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: s => { stdout += s; },
    stderr: s => { stderr += s; },
    stdin: Readable.from([Buffer.from(stdin)]),
  });
  return { code, stdout, stderr };
}
