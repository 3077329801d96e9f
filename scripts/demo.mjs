// `npm run demo [example]`: wraps an example package's YAML files into a ResourceList, runs the
// bundle on it and prints the result: the policy, marked local-config, then the Istio objects.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'examples/seed-http';
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
const items = files
  .flatMap((file) => readFileSync(join(dir, file), 'utf8').split(/^---$/m))
  .filter((doc) => doc.trim() !== '')
  .map((doc) => doc.trim().split('\n').map((line, i) => (i === 0 ? `- ${line}` : `  ${line}`)).join('\n'))
  .join('\n');
const input = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${items}\n`;
const result = spawnSync(process.execPath, ['dist/egress-policy.cjs'], { input, encoding: 'utf8' });
process.stdout.write(result.stdout);
process.stderr.write(result.stderr);
process.exit(result.status ?? 1);
