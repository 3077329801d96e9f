/**
 * Reads a ResourceList on the fast path when it can slice the input with certainty, else on the
 * full path (docs/performance.md "Two readers"). Both keep every item's exact text.
 */
import type { InputError, ResourceListModel } from './resource-list';
import { readResourceListFully } from './resource-list';
import type { DataNeeded } from './resource-list-fast';
import { readResourceListFast } from './resource-list-fast';

export type ReaderPath = 'fast' | 'full';

export interface ReadOptions {
  /** What to read of each item on the fast path; by default everything. */
  needed?: DataNeeded;
  /** `full` skips the fast path (a debug option: EGRESS_POLICY_READER=full). */
  reader?: ReaderPath;
}

export type ReadResult = ({ ok: true; value: ResourceListModel } | { ok: false; error: InputError }) & { path: ReaderPath };

const EVERYTHING: DataNeeded = () => 'all';

export function readResourceList(source: string, options: ReadOptions = {}): ReadResult {
  if (options.reader !== 'full') {
    const fast = readResourceListFast(source, options.needed ?? EVERYTHING);
    if (fast !== undefined) return { ...fast, path: 'fast' };
  }
  return { ...readResourceListFully(source), path: 'full' };
}
