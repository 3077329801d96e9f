/**
 * Entry point: reads stdin, runs, writes stdout and stderr, exits. Nothing else happens here.
 * A thrown error is a bug: one line on stderr (the stack only with EGRESS_POLICY_DEBUG=1),
 * nothing on stdout, exit 70.
 */
import { EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, run } from './run';
import { USAGE } from './usage';

declare const EGRESS_POLICY_VERSION: string | undefined;

function main(): void {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(USAGE);
    process.exitCode = EXIT_OK;
    return;
  }
  if (args.includes('--version')) {
    process.stdout.write(`${typeof EGRESS_POLICY_VERSION === 'string' ? EGRESS_POLICY_VERSION : 'dev'}\n`);
    return;
  }
  if (args.length > 0) {
    process.stderr.write(`egress-policy: unknown argument '${args[0]}'\n${USAGE}`);
    process.exitCode = EXIT_USAGE;
    return;
  }
  const chunks: Buffer[] = [];
  process.stdin.on('data', (chunk: Buffer) => chunks.push(chunk));
  process.stdin.on('end', () => {
    try {
      const output = run(Buffer.concat(chunks).toString('utf8'));
      process.stdout.write(output.stdout);
      process.stderr.write(output.stderr);
      process.exitCode = output.exitCode;
    } catch (error) {
      const detail = process.env.EGRESS_POLICY_DEBUG === '1' && error instanceof Error ? `\n${error.stack}` : '';
      process.stderr.write(`egress-policy: internal error: ${error instanceof Error ? error.message : String(error)}; please report it (set EGRESS_POLICY_DEBUG=1 for details)${detail}\n`);
      process.exitCode = EXIT_INTERNAL;
    }
  });
}

main();
