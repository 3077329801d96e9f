/**
 * The last step of every mode: write what it returns, or, when it throws (a bug), one line on
 * stderr, nothing on stdout and exit 70. The stack trace only with EGRESS_POLICY_DEBUG=1: a user
 * sees a sentence, a maintainer can ask for the rest.
 */
import type { RunOutput } from '../run';
import { EXIT_INTERNAL } from '../run';

export interface Streams {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  exit: (code: number) => void;
  env: Readonly<Record<string, string | undefined>>;
}

export function finish(produce: () => RunOutput, streams: Streams): void {
  let output: RunOutput;
  try {
    output = produce();
  } catch (error) {
    const detail = streams.env.EGRESS_POLICY_DEBUG === '1' && error instanceof Error ? `\n${error.stack}` : '';
    streams.stderr(`egress-policy: internal error: ${error instanceof Error ? error.message : String(error)}; please report it (set EGRESS_POLICY_DEBUG=1 for details)${detail}\n`);
    streams.exit(EXIT_INTERNAL);
    return;
  }
  streams.stdout(output.stdout);
  streams.stderr(output.stderr);
  streams.exit(output.exitCode);
}
