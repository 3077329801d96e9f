/**
 * Prints a benchmark workload, or writes it as a kpt package.
 *
 *   node --import tsx bench/generate-workload.ts --preset M > M.yaml
 *   node --import tsx bench/generate-workload.ts --preset M --out-dir /tmp/pkg-M
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { packageFiles } from './workload/package-dir.ts';
import { PRESETS, isPresetName } from './workload/presets.ts';
import { renderResourceList } from './workload/resource-list.ts';
import { renderStream } from './workload/stream.ts';
import type { WorkloadSpec } from './workload/workload.ts';
import { buildWorkload } from './workload/workload.ts';

const USAGE = `usage: node --import tsx bench/generate-workload.ts (--preset NAME | --resources N --policies N) [options]

  --preset NAME          ${Object.entries(PRESETS).map(([name, p]) => `${name} (${p.resources}+${p.policies})`).join(', ')}
  --resources N          ordinary resources: Deployment, Service, ConfigMap per app
  --policies N           ASMEgressTrafficPolicies
  --gateways N           egress gateways (default: one per policy, so names follow ASM's convention)
  --rules-per-policy N   egressRules per policy (default 3)
  --seed TEXT            same seed and sizes, same bytes
  --format list|stream   a ResourceList with kpt's annotations (default), or plain documents
  --out-dir DIR          write a kpt package (Kptfile + one file per app and policy) into DIR,
                         which must be new or empty
`;

function main(argv: string[]): number {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        preset: { type: 'string' },
        resources: { type: 'string' },
        policies: { type: 'string' },
        gateways: { type: 'string' },
        'rules-per-policy': { type: 'string' },
        seed: { type: 'string' },
        format: { type: 'string', default: 'list' },
        'out-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    return usageError((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (values.format !== 'list' && values.format !== 'stream') return usageError(`--format must be list or stream, not ${values.format}`);
  let spec: WorkloadSpec;
  try {
    spec = specFrom(values);
  } catch (error) {
    return usageError((error as Error).message);
  }
  const workload = buildWorkload(spec);
  const outDir = values['out-dir'];
  if (outDir !== undefined) {
    if (existsSync(outDir) && readdirSync(outDir).length > 0) return usageError(`${outDir} is not empty; stale files would join the package`);
    for (const file of packageFiles(workload, 'egress-bench')) {
      const target = join(outDir, file.path);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, file.text);
    }
    return 0;
  }
  process.stdout.write(values.format === 'stream' ? renderStream(workload) : renderResourceList(workload));
  return 0;
}

function specFrom(values: Record<string, string | boolean | undefined>): WorkloadSpec {
  const count = (flag: string): number | undefined => {
    const text = values[flag];
    if (text === undefined) return undefined;
    if (typeof text !== 'string' || !/^\d+$/.test(text)) throw new Error(`--${flag} needs a whole number, not ${String(text)}`);
    return Number(text);
  };
  const presetName = values.preset;
  let base: WorkloadSpec | undefined;
  if (typeof presetName === 'string') {
    if (!isPresetName(presetName)) throw new Error(`unknown preset ${presetName}`);
    base = PRESETS[presetName];
  }
  const resources = count('resources') ?? base?.resources;
  const policies = count('policies') ?? base?.policies;
  if (resources === undefined || policies === undefined) throw new Error('give --preset, or both --resources and --policies');
  const spec: WorkloadSpec = { resources, policies };
  const gateways = count('gateways');
  const rulesPerPolicy = count('rules-per-policy');
  if (gateways !== undefined) spec.gateways = gateways;
  if (rulesPerPolicy !== undefined) spec.rulesPerPolicy = rulesPerPolicy;
  if (typeof values.seed === 'string') spec.seed = values.seed;
  return spec;
}

function usageError(message: string): number {
  process.stderr.write(`generate-workload: ${message}\n\n${USAGE}`);
  return 2;
}

process.exitCode = main(process.argv.slice(2));
