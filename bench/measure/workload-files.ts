/** Writes the benchmark's workloads to a scratch directory, with the identity of each file. */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { packageFiles } from '../workload/package-dir.ts';
import type { PresetName } from '../workload/presets.ts';
import { PRESETS } from '../workload/presets.ts';
import { renderResourceList } from '../workload/resource-list.ts';
import { buildWorkload } from '../workload/workload.ts';

export interface WorkloadOnDisk {
  name: string;
  path: string;
  resources: number;
  policies: number;
  bytes: number;
  /** Full sha256 of the file (for a package directory: of its paths and contents, in the order written). */
  sha256: string;
}

export function writeResourceList(dir: string, preset: PresetName): WorkloadOnDisk {
  const text = renderResourceList(buildWorkload(PRESETS[preset]));
  const path = join(dir, `${preset}.yaml`);
  writeFileSync(path, text);
  return { name: preset, path, ...PRESETS[preset], bytes: Buffer.byteLength(text), sha256: createHash('sha256').update(text).digest('hex') };
}

export function writePackage(dir: string, preset: PresetName): WorkloadOnDisk {
  const root = join(dir, `package-${preset}`);
  const hash = createHash('sha256');
  let bytes = 0;
  for (const file of packageFiles(buildWorkload(PRESETS[preset]), `egress-bench-${preset.toLowerCase()}`)) {
    const target = join(root, file.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.text);
    hash.update(`${file.path}\0${file.text}\0`);
    bytes += Buffer.byteLength(file.text);
  }
  return { name: `package-${preset}`, path: root, ...PRESETS[preset], bytes, sha256: hash.digest('hex') };
}
