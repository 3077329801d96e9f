/**
 * The one edit made to an item we do not generate: a policy is marked local-config (it must never
 * reach a cluster, where ASM's controller would expand it again) and its auto-allocated ports
 * are recorded in its status. An unchanged policy keeps its exact text.
 */
import type { Document } from 'yaml';
import { yamlPackage } from '../yaml-package';
import { isRecord } from '../policy';
import type { ItemIdentity } from './item-identity';
import { editableDocument, editedItemText, ensureMapPath, hasAnchorOnPath } from './item-text';
import { LOCAL_CONFIG_ANNOTATION } from './keys';
import type { ResourceItem } from './resource-list';

/** `allocation` is the status map for an auto-port policy, undefined for explicit ports. */
export function policyItemText(item: ResourceItem, identity: ItemIdentity, allocation: Record<string, number> | undefined, eol: string): string {
  // A policy an earlier run marked (every render after the first) is not parsed again.
  if (!needsMarks(item, identity, allocation)) return item.text;
  let document: Document = editableDocument(item);
  if (hasAnchorOnPath(document, ['metadata', 'annotations']) || hasAnchorOnPath(document, ['status', 'autoAllocatedGatewayPorts'])) {
    // Editing an anchored node would change its aliases too: write the policy from its data.
    document = new (yamlPackage().Document)(item.data, { version: '1.1', aliasDuplicateObjects: false });
  }
  return markPolicy(item, document, identity, allocation) ? editedItemText(item, document, eol) : item.text;
}

function markPolicy(item: ResourceItem, document: Document, identity: ItemIdentity, allocation: Record<string, number> | undefined): boolean {
  let changed = false;
  if (identity.annotations[LOCAL_CONFIG_ANNOTATION] !== 'true') {
    ensureMapPath(document, ['metadata', 'annotations']);
    document.setIn(['metadata', 'annotations', LOCAL_CONFIG_ANNOTATION], 'true');
    changed = true;
  }
  const data = isRecord(item.data) ? item.data : {};
  const status = isRecord(data.status) ? data.status : undefined;
  const current = status?.autoAllocatedGatewayPorts;
  if (allocation !== undefined) {
    if (!sameNumberMap(current, allocation)) {
      ensureMapPath(document, ['status']);
      document.setIn(['status', 'autoAllocatedGatewayPorts'], document.createNode(allocation));
      changed = true;
    }
  } else if (current !== undefined) {
    ensureMapPath(document, ['status']);
    document.deleteIn(['status', 'autoAllocatedGatewayPorts']);
    if (status && Object.keys(status).length === 1) document.delete('status');
    changed = true;
  }
  return changed;
}

function needsMarks(item: ResourceItem, identity: ItemIdentity, allocation: Record<string, number> | undefined): boolean {
  const data = isRecord(item.data) ? item.data : {};
  const current = isRecord(data.status) ? data.status.autoAllocatedGatewayPorts : undefined;
  const statusRight = allocation === undefined ? current === undefined : sameNumberMap(current, allocation);
  return identity.annotations[LOCAL_CONFIG_ANNOTATION] !== 'true' || !statusRight;
}

function sameNumberMap(a: unknown, b: Record<string, number>): boolean {
  if (!isRecord(a)) return false;
  const keys = Object.keys(b);
  return Object.keys(a).length === keys.length && keys.every((k) => a[k] === b[k]);
}
