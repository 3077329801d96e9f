/**
 * A private copy of the bundle under test. `npm test` rebuilds dist/ too, and a rebuild in
 * the middle of a 25-minute run would mix two builds in one set of figures; the copy (one
 * self-contained file) keeps every run on the same bytes, named by their sha256.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface BundleSnapshot {
  path: string;
  bytes: number;
  sha256: string;
}

export function snapshotBundle(bundle: string, scratchDir: string): BundleSnapshot {
  const path = join(scratchDir, 'egress-policy.cjs');
  copyFileSync(bundle, path);
  const content = readFileSync(path);
  return { path, bytes: content.length, sha256: createHash('sha256').update(content).digest('hex') };
}
