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
  const marks = marksToMake(item, identity, allocation);
  if (!marks.localConfig && marks.status === undefined) return item.text;
  let document: Document = editableDocument(item);
  if (hasAnchorOnPath(document, ['metadata', 'annotations']) || hasAnchorOnPath(document, ['status', 'autoAllocatedGatewayPorts'])) {
    // Editing an anchored node would change its aliases too: write the policy from its data.
    document = new (yamlPackage().Document)(item.data, { version: '1.1', aliasDuplicateObjects: false });
  }
  if (marks.localConfig) {
    ensureMapPath(document, ['metadata', 'annotations']);
    document.setIn(['metadata', 'annotations', LOCAL_CONFIG_ANNOTATION], 'true');
  }
  if (marks.status !== undefined) ensureMapPath(document, ['status']);
  if (marks.status === 'record' && allocation !== undefined) document.setIn(['status', 'autoAllocatedGatewayPorts'], document.createNode(allocation));
  if (marks.status === 'remove') {
    document.deleteIn(['status', 'autoAllocatedGatewayPorts']);
    if (marks.statusHoldsOnlyPorts) document.delete('status');
  }
  return editedItemText(item, document, eol);
}

interface Marks {
  /** The local-config annotation is missing. */
  localConfig: boolean;
  /** The recorded ports differ from the allocation (`record`), or are recorded for explicit ports (`remove`). */
  status?: 'record' | 'remove';
  /** `status` has no other field, so it goes with the ports. */
  statusHoldsOnlyPorts: boolean;
}

function marksToMake(item: ResourceItem, identity: ItemIdentity, allocation: Record<string, number> | undefined): Marks {
  const data = isRecord(item.data) ? item.data : {};
  const status = isRecord(data.status) ? data.status : undefined;
  const current = status?.autoAllocatedGatewayPorts;
  const statusMark = allocation !== undefined ? (sameNumberMap(current, allocation) ? undefined : 'record') : current !== undefined ? 'remove' : undefined;
  return {
    localConfig: identity.annotations[LOCAL_CONFIG_ANNOTATION] !== 'true',
    ...(statusMark !== undefined ? { status: statusMark } : {}),
    statusHoldsOnlyPorts: status !== undefined && Object.keys(status).length === 1,
  };
}

function sameNumberMap(a: unknown, b: Record<string, number>): boolean {
  if (!isRecord(a)) return false;
  const keys = Object.keys(b);
  return Object.keys(a).length === keys.length && keys.every((k) => a[k] === b[k]);
}
