// `npm run generate`: writes what the policy schema generates (scripts/schema-artifacts.ts).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ARTIFACTS } from './schema-artifacts.ts';

const root = join(__dirname, '..');
for (const artifact of ARTIFACTS) {
  const target = join(root, artifact.path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, artifact.text());
  console.log(`wrote ${artifact.path}`);
}
