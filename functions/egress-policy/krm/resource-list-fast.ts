/**
 * The fast path for reading a ResourceList: item boundaries come from a line scan, each item is
 * outlined (block-outline.ts) rather than composed, and an item's data holds only what the
 * function reads of its kind (`DataNeeded`). Items keep their exact text, as on the full path.
 *
 * The envelope (everything but the items) is small and is read by the full path, on the input
 * with all items but the last cut out. Whatever the scan cannot slice or outline with certainty
 * (a BOM, directives, document markers, `results` before `items`, and everything block-outline.ts
 * refuses) returns undefined: the caller then takes the full path. Both paths give the same
 * model; test/unit/property/fast-reader-equivalence.test.ts holds them to that.
 */
import type { OutlineMap, OutlineNode } from './block-outline';
import { composedValue, outlineBlock, outlineValue, resolving } from './block-outline';
import { lineStart, startOfLeadingComments } from './item-boundaries';
import type { InputError, ResourceItem, ResourceListModel } from './resource-list';
import { readResourceListFully } from './resource-list';
import { RESOURCE_LIST_API_VERSIONS, RESOURCE_LIST_KIND } from './keys';

/**
 * What the function reads of an item, by its apiVersion and kind: `'all'`, or the paths (below
 * the root) to read besides apiVersion, kind and metadata, which every item gives.
 */
export type DataNeeded = (apiVersion: unknown, kind: unknown) => 'all' | readonly (readonly string[])[];

type Read = { ok: true; value: ResourceListModel } | { ok: false; error: InputError };

const SPACE = 32;
const DASH = 45;
const HASH = 35;
const CR = 13;

export function readResourceListFast(source: string, needed: DataNeeded): Read | undefined {
  if (source.charCodeAt(0) === 0xfeff || /^(?:%|---|\.\.\.)/m.test(source)) return undefined;
  const itemsKey = /^items:[ ]*\r?$/m.exec(source);
  if (itemsKey === null) return readItemlessList(source);
  if (/^results:/m.exec(source.slice(0, itemsKey.index)) !== null) return undefined;
  const slices = sliceItems(source, itemsKey.index + itemsKey[0].length + 1);
  if (slices === undefined) return undefined;

  const { dashLines, valueStarts, indent, end } = slices;
  const firstDash = dashLines[0] as number;
  const lastDash = dashLines[dashLines.length - 1] as number;
  // The envelope is read by the full path, with the last item (where the comments after the
  // items fall to the item, the tail or the document's end by the full path's own rules).
  const envelope = readResourceListFully(source.slice(0, firstDash) + source.slice(lastDash));
  if (!envelope.ok) return undefined;
  const model = envelope.value;
  const lastItem = model.items[0];
  if (model.items.length !== 1 || lastItem === undefined || model.head !== source.slice(0, firstDash)) return undefined;
  const seqEnd = lastDash + lastItem.text.length;

  const items: ResourceItem[] = [];
  for (let i = 0; i < dashLines.length; i++) {
    const dashLine = dashLines[i] as number;
    const start = i === 0 ? dashLine : startOfLeadingComments(source, dashLine, valueStarts[i - 1] as number, indent);
    const next = dashLines[i + 1];
    const itemEnd = next === undefined ? seqEnd : startOfLeadingComments(source, next, valueStarts[i] as number, indent);
    const valueStart = valueStarts[i] as number;
    const valueColumn = valueStart - lineStart(source, valueStart);
    const root = outlineBlock(source, valueStart, valueColumn, next ?? end);
    if (root === undefined || root.type !== 'map') return undefined;
    const data = itemData(source, root, needed) ?? composedValue(' '.repeat(valueColumn) + source.slice(valueStart, itemEnd));
    if (data === undefined) return undefined;
    items.push({ text: source.slice(start, itemEnd), leading: source.slice(start, dashLine), valueStart: valueStart - start, valueColumn, data: data.value });
  }
  return { ok: true, value: { ...model, items } };
}

/**
 * A ResourceList without items (`items: []`, `items:` or none), as kpt sends an empty package:
 * outlined whole, so a run that has nothing to expand never loads the `yaml` package. Only the
 * plainest layout is taken (no comment, no blank line, no CR, no `results`, top-level keys of a
 * ResourceList only), where every top-level pair is exactly its lines.
 */
function readItemlessList(source: string): Read | undefined {
  if (!source.endsWith('\n') || /[#\r]|\n\n/.test(source)) return undefined;
  const root = outlineBlock(source, 0, 0, source.length);
  if (root?.type !== 'map' || [...root.entries.keys()].some((key) => !ENVELOPE_KEYS.includes(key))) return undefined;
  const resolved = resolving(() => outlineValue(source, root) as Record<string, unknown>);
  if (resolved === undefined) return undefined;
  const envelope = resolved.value;
  const items = envelope.items;
  const listed = typeof envelope.apiVersion !== 'string' || RESOURCE_LIST_API_VERSIONS.includes(envelope.apiVersion);
  if (envelope.kind !== RESOURCE_LIST_KIND || !listed || !(items === undefined || items === null || (Array.isArray(items) && items.length === 0))) return undefined;
  const keyLines = [...source.matchAll(/^[^ \n]/gm)].map((match) => match.index);
  const itemsAt = keyLines.findIndex((offset) => source.startsWith('items:', offset));
  const itemsStart = itemsAt < 0 ? source.length : (keyLines[itemsAt] as number);
  const itemsEnd = itemsAt < 0 ? source.length : (keyLines[itemsAt + 1] ?? source.length);
  return {
    ok: true,
    value: {
      head: source.slice(0, itemsStart),
      items: [],
      itemsPair: source.slice(itemsStart, itemsEnd),
      tail: source.slice(itemsEnd),
      trailer: '',
      itemIndent: 0,
      functionConfig: envelope.functionConfig ?? undefined,
      eol: '\n',
    },
  };
}

const ENVELOPE_KEYS = ['apiVersion', 'kind', 'items', 'functionConfig'];

interface ItemSlices {
  /** Start of each item's `-` line. */
  dashLines: number[];
  /** Offset of each item's value, on its `-` line. */
  valueStarts: number[];
  /** Column of the items' `-`. */
  indent: number;
  /** Start of the envelope's next key line, or the end of the input. */
  end: number;
}

/**
 * Scans the lines of the `items` sequence from `from`. Undefined when the layout is not one the
 * scan can slice exactly like the full path: a `-` whose value never comes, a line the sequence
 * cannot hold, or no item.
 */
function sliceItems(source: string, from: number): ItemSlices | undefined {
  const dashLines: number[] = [];
  const valueStarts: number[] = [];
  let indent = -1;
  let pos = from;
  let end = source.length;
  while (pos < source.length) {
    let lineEnd = source.indexOf('\n', pos);
    if (lineEnd === -1) lineEnd = source.length;
    let p = pos;
    while (p < lineEnd && source.charCodeAt(p) === SPACE) p++;
    const column = p - pos;
    const c = source.charCodeAt(p);
    if (p === lineEnd || (c === CR && p + 1 === lineEnd)) {
      // blank
    } else if (c === HASH) {
      // a comment
    } else if (indent < 0 || column === indent) {
      if (c !== DASH || source.charCodeAt(p + 1) !== SPACE) {
        if (indent === 0 && column === 0) {
          end = pos;
          break;
        }
        return undefined;
      }
      if (valueStarts.length < dashLines.length) return undefined;
      indent = column;
      let v = p + 2;
      while (source.charCodeAt(v) === SPACE) v++;
      dashLines.push(pos);
      // `- # comment`: the value starts on the next line of content.
      if (v < lineEnd && source.charCodeAt(v) !== HASH && source.charCodeAt(v) !== CR) valueStarts.push(v);
    } else if (column > indent) {
      if (valueStarts.length < dashLines.length) valueStarts.push(p);
    } else if (column === 0) {
      end = pos;
      break;
    } else {
      return undefined;
    }
    pos = lineEnd + 1;
  }
  if (dashLines.length === 0 || valueStarts.length < dashLines.length) return undefined;
  return { dashLines, valueStarts, indent, end };
}

/** The item's data from its outline; undefined when a scalar it needs is left to `yaml`. */
function itemData(source: string, root: OutlineMap, needed: DataNeeded): { value: unknown } | undefined {
  return resolving((): unknown => {
    const apiVersion = root.entries.get('apiVersion');
    const kind = root.entries.get('kind');
    const paths = needed(apiVersion && outlineValue(source, apiVersion), kind && outlineValue(source, kind));
    if (paths === 'all') return outlineValue(source, root);
    const data: Record<string, unknown> = {};
    for (const key of ['apiVersion', 'kind', 'metadata']) {
      const node = root.entries.get(key);
      if (node !== undefined) data[key] = outlineValue(source, node);
    }
    for (const path of paths) pick(source, root, path, data);
    return data;
  });
}

/** Copies the node at `path` into `data`, with the maps above it; stops where a map is missing. */
function pick(source: string, root: OutlineMap, path: readonly string[], data: Record<string, unknown>): void {
  let node: OutlineNode = root;
  let target = data;
  for (const [i, key] of path.entries()) {
    if (node.type !== 'map') return;
    const child = node.entries.get(key);
    if (child === undefined) return;
    if (i === path.length - 1 || child.type !== 'map') {
      target[key] = outlineValue(source, child);
      return;
    }
    const existing = target[key];
    if (existing !== undefined && (typeof existing !== 'object' || existing === null || Array.isArray(existing))) return;
    target = (target[key] ??= {}) as Record<string, unknown>;
    node = child;
  }
}
