/**
 * The annotations kpt 1.0 adds to every item it hands an exec function, in the order and with
 * the single quotes of `kpt fn eval` (checked against kpt 1.0.0-beta.56): path and index twice
 * (public and internal), the sequence indent style, and the item's position in the list.
 */
import type { MapEntry, YamlMap } from './yaml-nodes.ts';
import { field, map, singleQuoted } from './yaml-nodes.ts';

export interface KptOrigin {
  /** The item's file in the package. */
  file: string;
  /** The item's document index in that file. */
  indexInFile: number;
  /** The item's 0-based position in the ResourceList. */
  position: number;
}

export function kptAnnotations(origin: KptOrigin): MapEntry[] {
  const index = String(origin.indexInFile);
  return [
    field('config.kubernetes.io/index', singleQuoted(index)),
    field('config.kubernetes.io/path', singleQuoted(origin.file)),
    field('internal.config.kubernetes.io/index', singleQuoted(index)),
    field('internal.config.kubernetes.io/path', singleQuoted(origin.file)),
    field('internal.config.kubernetes.io/seqindent', singleQuoted('compact')),
    field('internal.config.kubernetes.io/annotations-migration-resource-id', singleQuoted(String(origin.position))),
    field('internal.config.kubernetes.io/id', singleQuoted(String(origin.position + 1))),
    field('config.k8s.io/id', singleQuoted(String(origin.position + 1))),
  ];
}

/** `resource` with kpt's annotations after its own; kpt adds `annotations` last in metadata. */
export function withKptAnnotations(resource: YamlMap, origin: KptOrigin): YamlMap {
  return map(...resource.entries.map((entry) => {
    if (!('key' in entry) || entry.key !== 'metadata' || entry.value.kind !== 'map') return entry;
    return field('metadata', appendAnnotations(entry.value, kptAnnotations(origin)));
  }));
}

function appendAnnotations(metadata: YamlMap, added: MapEntry[]): YamlMap {
  const existing = metadata.entries.find((entry) => 'key' in entry && entry.key === 'annotations');
  if (existing === undefined) return map(...metadata.entries, field('annotations', map(...added)));
  return map(...metadata.entries.map((entry) => {
    if (entry !== existing || !('key' in entry) || entry.value.kind !== 'map') return entry;
    return field('annotations', map(...entry.value.entries, ...added));
  }));
}
