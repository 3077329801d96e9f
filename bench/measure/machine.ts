/** What the numbers were measured on; absolute times only mean something next to this. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, platform, release, totalmem } from 'node:os';

export interface Machine {
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  os: string;
  node: string;
  yaml: string;
  kpt: string | null;
}

export function describeMachine(askKpt: boolean): Machine {
  const processors = cpus();
  return {
    cores: processors.length,
    cpuModel: processors[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    os: `${platform()} ${release()}`,
    node: process.version,
    yaml: (JSON.parse(readFileSync(require.resolve('yaml/package.json'), 'utf8')) as { version: string }).version,
    kpt: askKpt ? kptVersion() : null,
  };
}

export function kptVersion(): string | null {
  const result = spawnSync('kpt', ['version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : null;
}
