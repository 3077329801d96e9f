/**
 * Shared settings and output helpers for the property tests.
 *
 * Run size: PROPERTY_RUNS (default 300 per property, the CI size; PROPERTY_RUNS=10000 is the
 * nightly size). Seed: random unless PROPERTY_SEED is set; on failure fast-check prints the seed
 * and the counterexample path, so a failure reproduces with PROPERTY_SEED=<seed> (and only the
 * shrunk case with PROPERTY_SEED=<seed> PROPERTY_PATH=<path>).
 */
import fc from 'fast-check';
import { Parser, parse, type CST } from 'yaml';
import type { ItemCase, PolicyFacts, Scenario } from './arbitraries.ts';
import type { Json } from './yaml-text.ts';
import { withoutAddedServicePorts } from '../../support/resource-list.ts';

export const RUNS = Number.parseInt(process.env.PROPERTY_RUNS ?? '', 10) || 300;
const SEED = process.env.PROPERTY_SEED !== undefined && process.env.PROPERTY_SEED !== '' ? Number(process.env.PROPERTY_SEED) : undefined;

/** fast-check parameters for one property; `scale` runs fewer cases for the costlier ones. */
const PATH = process.env.PROPERTY_PATH;

export function params<T>(scale = 1): fc.Parameters<T> {
  return {
    numRuns: Math.max(1, Math.round(RUNS * scale)),
    includeErrorInReport: true,
    ...(SEED !== undefined ? { seed: SEED } : {}),
    // With PROPERTY_SEED, PROPERTY_PATH=<path from the report> replays the shrunk counterexample only.
    ...(SEED !== undefined && PATH ? { path: PATH } : {}),
  };
}

export const MANAGED_BY = 'app.kubernetes.io/managed-by';
export const SOURCE_POLICIES = 'egress-policy.dev/source-policies';
export const LOCAL_CONFIG = 'config.kubernetes.io/local-config';

type Obj = { [key: string]: Json };
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What the function prunes and regenerates: our label AND our provenance annotation. */
export function isOwned(item: Json): boolean {
  if (!isObj(item) || !isObj(item.metadata)) return false;
  const { labels, annotations } = item.metadata;
  return isObj(labels) && labels[MANAGED_BY] === 'egress-policy' && isObj(annotations) && SOURCE_POLICIES in annotations;
}

export function isPolicyData(item: Json): boolean {
  return isObj(item) && item.kind === 'ASMEgressTrafficPolicy' && /^istio\.alibabacloud\.com\/(v1beta1|v1)$/.test(String(item.apiVersion));
}

/** Parses a ResourceList text with the `yaml` package; the last few texts are cached. */
const cache = new Map<string, { items?: Json[]; results?: Obj[] } | null>();
function parsed(text: string): { items?: Json[]; results?: Obj[] } | null {
  let doc = cache.get(text);
  if (doc === undefined) {
    doc = parse(text, { maxAliasCount: -1 }) as { items?: Json[]; results?: Obj[] } | null;
    if (cache.size >= 4) cache.delete(cache.keys().next().value as string);
    cache.set(text, doc);
  }
  return structuredClone(doc);
}

export function parsedItems(text: string): Json[] {
  return parsed(text)?.items ?? [];
}

export function parsedResults(text: string): Obj[] {
  return parsed(text)?.results ?? [];
}

/**
 * A policy as compared across a run: the function may add the local-config annotation and
 * write, rewrite or drop status.autoAllocatedGatewayPorts; everything else must stay.
 */
export function policyModuloMarks(item: Json): Json {
  const copy = structuredClone(item) as Obj;
  const metadata = copy.metadata as Obj;
  if (isObj(metadata.annotations)) {
    delete metadata.annotations[LOCAL_CONFIG];
    if (Object.keys(metadata.annotations).length === 0) delete metadata.annotations;
  }
  if (isObj(copy.status)) {
    delete copy.status.autoAllocatedGatewayPorts;
    if (Object.keys(copy.status).length === 0) delete copy.status;
  }
  return copy;
}

/** A generated object with the kpt bookkeeping annotations removed, for schema validation. */
export function withoutKptAnnotations(item: Json): Json {
  const copy = structuredClone(item) as Obj;
  const metadata = copy.metadata;
  if (isObj(metadata) && isObj(metadata.annotations)) {
    for (const key of Object.keys(metadata.annotations)) {
      if (key.startsWith('internal.config.kubernetes.io/') || key.startsWith('config.kubernetes.io/')) delete metadata.annotations[key];
    }
  }
  return copy;
}

/** Asserts that `needles` occur in `haystack` in this order, without overlapping. */
export function indexesInOrder(haystack: string, needles: readonly string[]): { ok: true } | { ok: false; missing: number } | { ok: false; outOfOrder: number } {
  let from = 0;
  for (let i = 0; i < needles.length; i++) {
    const at = haystack.indexOf(needles[i] as string, from);
    if (at < 0) return haystack.includes(needles[i] as string) ? { ok: false, outOfOrder: i } : { ok: false, missing: i };
    from = at + (needles[i] as string).length;
  }
  return { ok: true };
}

/**
 * Splits a ResourceList text into its items with the `yaml` CST (test-side, not the function's
 * reader): each item from the first line of its `start` tokens to where the next one starts.
 */
export function itemRanges(text: string): Array<{ start: number; end: number }> {
  const docs = [...new Parser().parse(text)].filter((t): t is CST.Document => t.type === 'document');
  const root = docs[0]?.value;
  if (root?.type !== 'block-map') return [];
  const pairIndex = root.items.findIndex((p) => p.key !== null && p.key !== undefined && 'source' in p.key && p.key.source === 'items');
  const seq = root.items[pairIndex]?.value;
  if (seq?.type !== 'block-seq') return [];
  const lineStart = (offset: number): number => text.lastIndexOf('\n', offset - 1) + 1;
  const starts = seq.items.map((item) => lineStart((item.start[0] ?? (item.value as CST.Token)).offset));
  const nextPair = root.items[pairIndex + 1];
  const nextPairStart = nextPair ? lineStart(firstOffset(nextPair)) : (docs[0]?.end?.[0]?.offset ?? text.length);
  return starts.map((start, i) => ({ start, end: starts[i + 1] ?? nextPairStart }));
}

function firstOffset(pair: { start: CST.SourceToken[]; key?: CST.Token | null; value?: CST.Token }): number {
  return pair.start[0]?.offset ?? pair.key?.offset ?? pair.value?.offset ?? 0;
}

/**
 * A cheaper split for texts whose items all start with `-` at column `indent` and hold nothing
 * else at that column (true of the function's output for our inputs): item i runs from its
 * dash line to the next dash line or top-level key.
 */
export function itemLineRanges(text: string, indent: number): Array<{ start: number; end: number }> {
  const ranges: Array<{ start: number; end: number }> = [];
  const dash = new RegExp(`^ {${indent}}-(?: |\r?$)`);
  let inItems = false;
  let offset = 0;
  for (const line of text.split('\n')) {
    if (/^items:/.test(line)) inItems = true;
    else if (inItems && dash.test(line)) {
      if (ranges.length > 0) (ranges[ranges.length - 1] as { end: number }).end = offset;
      ranges.push({ start: offset, end: text.length });
    } else if (inItems && ranges.length > 0 && /^[^\s#-]/.test(line)) {
      (ranges[ranges.length - 1] as { end: number }).end = offset;
      inItems = false;
    }
    offset += line.length + 1;
  }
  return ranges;
}

/** Removes the items at `indexes` (by itemRanges) from a ResourceList text. */
export function removeItems(text: string, indexes: ReadonlySet<number>): string {
  const ranges = itemRanges(text);
  let out = '';
  let at = 0;
  ranges.forEach((r, i) => {
    if (!indexes.has(i)) return;
    out += text.slice(at, r.start);
    at = r.end;
  });
  return out + text.slice(at);
}

/**
 * Resolves a finding's field path (`spec.egressRules[0].to[1].port.protocol`,
 * `status.autoAllocatedGatewayPorts["a-443"]`) against an object. Returns how many leading
 * segments exist and the segments themselves.
 */
export function resolveFieldPath(object: Json, path: string): { segments: Array<string | number>; existing: number } {
  const segments: Array<string | number> = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/g;
  for (const m of path.matchAll(re)) {
    if (m[1] !== undefined) segments.push(m[1]);
    else if (m[2] !== undefined) segments.push(Number(m[2]));
    else segments.push(JSON.parse(`"${m[3] as string}"`) as string);
  }
  let node: Json | undefined = object;
  let existing = 0;
  for (const s of segments) {
    if (typeof s === 'number' ? Array.isArray(node) && s < node.length : isObj(node) && Object.hasOwn(node, s)) {
      node = (node as Obj & Json[])[s as never];
      existing++;
    } else break;
  }
  return { segments, existing };
}

/**
 * The one unrelated item the function may edit: the Service of an egress gateway a policy uses
 * (it adds the gateway ports the Service lacks). Everything else must come out untouched.
 */
export function isUsedGatewayService(s: Scenario, item: ItemCase): boolean {
  const data = item.data as Record<string, any>;
  if (data?.kind !== 'Service' || data.apiVersion !== 'v1' || data.metadata?.namespace !== 'istio-system') return false;
  const gateways = new Set(s.items.filter((i) => i.role === 'policy').map((i) => (i.policy as PolicyFacts).gateway));
  const selector = data.spec?.selector;
  return gateways.has(data.metadata?.name) || [...gateways].some((g) => selector && Object.keys(selector).length === 1 && selector.istio === g);
}

/** The unrelated items that must come out as written. */
export const others = (s: Scenario): ItemCase[] => s.items.filter((i) => i.role === 'other' && !isUsedGatewayService(s, i));

/** Takes back what the function adds to a gateway Service (shared with the golden runner). */
export const serviceModuloAddedPorts = (item: Json): Json => withoutAddedServicePorts(item);
