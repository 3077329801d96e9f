// Bundles the function into one CommonJS file that runs with plain `node` and no node_modules.
// The output path dist/egress-policy.cjs is a public contract (kpt exec, kustomize, Argo CD).
import { build } from 'esbuild';
import { chmodSync, readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const outfile = 'dist/egress-policy.cjs';

await build({
  entryPoints: ['functions/egress-policy/main.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  banner: { js: '#!/usr/bin/env node' },
  define: { EGRESS_POLICY_VERSION: JSON.stringify(pkg.version) },
  legalComments: 'none',
  logLevel: 'warning',
});
chmodSync(outfile, 0o755);
