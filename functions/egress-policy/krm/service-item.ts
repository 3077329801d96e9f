/**
 * The one item we do not own that may be edited: a package's egress gateway Service, which needs
 * every gateway port the policies use (a sidecar reaches the gateway only on ports its Service
 * exposes). Ports we add are listed in `egress-policy.dev/added-ports`, so a later run takes
 * back exactly those when policies change or go. An unchanged Service keeps its exact text.
 */
import { yamlPackage } from '../yaml-package';
import { ADDED_PORTS_ANNOTATION } from '../policy';
import { editableDocument, editedItemText, ensureMapPath, hasAnchorOnPath } from './item-text';
import type { ItemIdentity } from './item-identity';
import type { ResourceItem } from './resource-list';

export interface ServicePortToAdd {
  port: number;
  name: string;
}

/** The port entry we add: our name unless the Service already uses it, TCP, targetPort = port. */
export function servicePortEntry(port: ServicePortToAdd, takenNames: ReadonlySet<string>): { name: string; port: number; protocol: 'TCP'; targetPort: number } {
  return { name: takenNames.has(port.name) ? `egress-${port.port}` : port.name, port: port.port, protocol: 'TCP', targetPort: port.port };
}

/** The ports recorded in `egress-policy.dev/added-ports` (`"2222,10001"`). */
export function addedPortsOf(annotations: Record<string, string>): number[] {
  const value = annotations[ADDED_PORTS_ANNOTATION];
  if (value === undefined) return [];
  return value.split(',').map((p) => Number(p.trim())).filter((p) => Number.isInteger(p) && p > 0);
}

/**
 * True when the Service's `metadata`, `spec` and `spec.ports` are plain YAML collections that can
 * be edited in place (not aliases of other nodes, nor scalars), and its annotations are a map or
 * an alias of one (an alias of a scalar is not a map we can add our record to).
 */
export function isServiceEditable(item: ResourceItem): boolean {
  const { isAlias, isMap, isSeq } = yamlPackage();
  const document = editableDocument(item);
  const ports = document.getIn(['spec', 'ports'], true);
  const annotations = document.getIn(['metadata', 'annotations'], true);
  return (
    isMap(document.get('metadata', true)) &&
    isMap(document.get('spec', true)) &&
    (ports === undefined || (isSeq(ports) && ports.items.every(isMap))) &&
    (annotations === undefined || isMap(annotations) || (isAlias(annotations) && isMap(annotations.resolve(document)))) &&
    !hasAnchorOnPath(document, ['spec', 'ports']) &&
    !hasAnchorOnPath(document, ['metadata', 'annotations'])
  );
}

/** `wanted` are the ports the function must have added now (empty: take all of ours back). */
export function serviceItemText(item: ResourceItem, identity: ItemIdentity, wanted: readonly ServicePortToAdd[], eol: string): string {
  const current = addedPortsOf(identity.annotations);
  const wantedPorts = wanted.map((p) => p.port);
  const recorded = identity.annotations[ADDED_PORTS_ANNOTATION];
  if (current.length === wantedPorts.length && current.every((p, i) => p === wantedPorts[i]) && (recorded !== undefined || wanted.length === 0)) return item.text;

  const { isMap, isSeq } = yamlPackage();
  const document = editableDocument(item);
  const ports = document.getIn(['spec', 'ports']);
  const kept = isSeq(ports) ? ports.items.filter((node) => !(isMap(node) && current.includes(Number(node.get('port'))))) : [];
  const takenNames = new Set(kept.flatMap((node) => (isMap(node) && typeof node.get('name') === 'string' ? [node.get('name') as string] : [])));
  const added = wanted.map((p) => document.createNode(servicePortEntry(p, takenNames)));
  if (isSeq(ports)) ports.items = [...kept, ...added];
  else if (added.length > 0) document.setIn(['spec', 'ports'], document.createNode(added));
  ensureMapPath(document, ['metadata', 'annotations']);
  if (wanted.length > 0) document.setIn(['metadata', 'annotations', ADDED_PORTS_ANNOTATION], wantedPorts.join(','));
  else {
    document.deleteIn(['metadata', 'annotations', ADDED_PORTS_ANNOTATION]);
    // An annotations map we created for the record goes with it.
    const annotations = document.getIn(['metadata', 'annotations']);
    if (isMap(annotations) && annotations.items.length === 0) document.deleteIn(['metadata', 'annotations']);
  }
  return editedItemText(item, document, eol);
}
