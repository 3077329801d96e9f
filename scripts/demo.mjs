// `npm run demo [example]`: wraps an example package's YAML files into a ResourceList, runs the
// bundle on it with the Kptfile's `configMap:` as functionConfig, as `kpt fn render` does, and
// prints the result: the policy, marked local-config, then the generated objects.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

const dir = process.argv[2] ?? 'examples/seed-http';
const files = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort();
const items = files
  .flatMap((file) => readFileSync(join(dir, file), 'utf8').split(/^---$/m))
  .filter((doc) => doc.trim() !== '')
  .map((doc) => doc.trim().split('\n').map((line, i) => (i === 0 ? `- ${line}` : `  ${line}`)).join('\n'))
  .join('\n');
const kptfile = join(dir, 'Kptfile');
const configMap = existsSync(kptfile) ? parse(readFileSync(kptfile, 'utf8'))?.pipeline?.mutators?.[0]?.configMap : undefined;
const functionConfig = configMap
  ? `functionConfig:\n${stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'function-input' }, data: configMap }).replace(/^/gm, '  ')}`
  : '';
const input = `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${items}\n${functionConfig}`;
const result = spawnSync(process.execPath, ['dist/egress-policy.cjs'], { input, encoding: 'utf8' });
process.stdout.write(result.stdout);
process.stderr.write(result.stderr);
process.exit(result.status ?? 1);
