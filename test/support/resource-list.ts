/** Test helpers to look inside a ResourceList text as plain data. */
import { parse } from 'yaml';

export interface PlainItem {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: any;
  status?: any;
  [key: string]: unknown;
}

export function itemsOf(resourceListText: string): PlainItem[] {
  return ((parse(resourceListText) as { items?: PlainItem[] } | null)?.items ?? []) as PlainItem[];
}

export function resultsOf(resourceListText: string): Array<Record<string, any>> {
  return ((parse(resourceListText) as { results?: Array<Record<string, any>> } | null)?.results ?? []);
}

export function isGenerated(item: PlainItem): boolean {
  return item.metadata?.labels?.['app.kubernetes.io/managed-by'] === 'egress-policy';
}

export function isPolicy(item: PlainItem): boolean {
  return item.kind === 'ASMEgressTrafficPolicy';
}

/** Wraps items (YAML text of `- …` entries or plain objects) in a ResourceList text. */
export function resourceList(itemsText: string, functionConfig?: string): string {
  return `apiVersion: config.kubernetes.io/v1\nkind: ResourceList\nitems:\n${itemsText}${functionConfig ? `functionConfig:\n${functionConfig}` : ''}`;
}

/**
 * An item without what the function adds to a package's gateway Service (the ports listed in
 * `egress-policy.dev/added-ports`, and that annotation): what it must look like once the
 * policies that needed those ports are gone. Other items come back as they are.
 */
export function withoutAddedServicePorts<T>(item: T): T {
  const copy = JSON.parse(JSON.stringify(item)) as any;
  const recorded = copy?.metadata?.annotations?.['egress-policy.dev/added-ports'];
  if (recorded === undefined) return copy;
  const added = String(recorded).split(',').map(Number);
  copy.spec.ports = copy.spec.ports.filter((p: { port: number }) => !added.includes(p.port));
  delete copy.metadata.annotations['egress-policy.dev/added-ports'];
  if (Object.keys(copy.metadata.annotations).length === 0) delete copy.metadata.annotations;
  return copy;
}
