/**
 * The fast path for reading a ResourceList: item boundaries come from a line scan, each item is
 * outlined (block-outline.ts) rather than composed, and an item's data holds only what the
 * function reads of its kind (`DataNeeded`). Items keep their exact text, as on the full path.
 *
 * The envelope (everything but the items) is small and is read by the full path, on the input
 * with the items cut out. Whatever the scan cannot slice with certainty (directives, document
 * markers, anchors, aliases, tags, multi-line scalars, comments where the full path would place
 * them differently) returns undefined: the caller then takes the full path. Both paths give the
 * same model; test/property/fast-reader-equivalence.test.ts holds them to that.
 */
import { parseDocument } from 'yaml';
import type { OutlineMap, OutlineNode } from './block-outline';
import { UnresolvedScalar, outlineBlock, outlineValue } from './block-outline';
import { lineStart, startOfLeadingComments } from './item-boundaries';
import type { InputError, ResourceItem, ResourceListModel } from './resource-list';
import { readResourceListFully } from './resource-list';

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
  if (itemsKey === null || /^results:/m.exec(source.slice(0, itemsKey.index)) !== null) return undefined;
  const slices = sliceItems(source, itemsKey.index + itemsKey[0].length + 1);
  if (slices === undefined) return undefined;

  const { dashLines, valueStarts, indent, end } = slices;
  const envelopeCut = dashLines[0] as number;
  const seqEnd = startOfLeadingComments(source, end, valueStarts[valueStarts.length - 1] as number, indent);
  const envelopeText = source.slice(0, envelopeCut) + source.slice(seqEnd);
  const envelope = readResourceListFully(envelopeText);
  if (!envelope.ok) return undefined;
  const around = envelope.value.head + envelope.value.itemsPair;
  if (!around.startsWith(envelopeText.slice(0, envelopeCut)) || envelope.value.items.length > 0) return undefined;

  const items: ResourceItem[] = [];
  for (let i = 0; i < dashLines.length; i++) {
    const dashLine = dashLines[i] as number;
    const start = i === 0 ? dashLine : startOfLeadingComments(source, dashLine, valueStarts[i - 1] as number, indent);
    const next = dashLines[i + 1];
    const itemEnd = next === undefined ? seqEnd : startOfLeadingComments(source, next, valueStarts[i] as number, indent);
    const valueStart = valueStarts[i] as number;
    const valueColumn = valueStart - dashLine;
    const root = outlineBlock(source, valueStart, valueColumn, next ?? end);
    if (root === undefined || root.type !== 'map') return undefined;
    const data = itemData(source, root, needed) ?? composedData(source.slice(valueStart, itemEnd), valueColumn);
    if (data === undefined) return undefined;
    items.push({ text: source.slice(start, itemEnd), leading: source.slice(start, dashLine), valueStart: valueStart - start, valueColumn, data: data.value });
  }
  return {
    ok: true,
    value: {
      head: source.slice(0, envelopeCut),
      items,
      itemsPair: '',
      tail: around.slice(envelopeCut) + envelope.value.tail,
      trailer: envelope.value.trailer,
      itemIndent: indent,
      functionConfig: envelope.value.functionConfig,
      eol: source.includes('\r\n') ? '\r\n' : '\n',
    },
  };
}

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
 * scan can slice exactly like the full path: a comment before the first item, a `-` without its
 * value on the same line, anything after the last item but a top-level key, or nothing at all.
 */
function sliceItems(source: string, from: number): ItemSlices | undefined {
  const dashLines: number[] = [];
  const valueStarts: number[] = [];
  let indent = -1;
  let pos = from;
  let lastContentLine = -1;
  let end = source.length;
  while (pos < source.length) {
    let lineEnd = source.indexOf('\n', pos);
    if (lineEnd === -1) lineEnd = source.length;
    let p = pos;
    while (p < lineEnd && source.charCodeAt(p) === SPACE) p++;
    const column = p - pos;
    const c = source.charCodeAt(p);
    const blank = p === lineEnd || (c === CR && p + 1 === lineEnd);
    if (blank || c === HASH) {
      if (indent < 0) return undefined;
    } else if (indent < 0 || column === indent) {
      if (c !== DASH || source.charCodeAt(p + 1) !== SPACE) {
        if (indent === 0 && column === 0) {
          end = pos;
          break;
        }
        return undefined;
      }
      indent = column;
      let v = p + 2;
      while (source.charCodeAt(v) === SPACE) v++;
      if (v >= lineEnd || source.charCodeAt(v) === HASH || source.charCodeAt(v) === CR) return undefined;
      dashLines.push(pos);
      valueStarts.push(v);
      lastContentLine = pos;
    } else if (column > indent) {
      lastContentLine = pos;
    } else if (column === 0) {
      end = pos;
      break;
    } else {
      return undefined;
    }
    pos = lineEnd + 1;
  }
  if (dashLines.length === 0) return undefined;
  // At the end of the input, comments and blank lines after the last item belong to the full
  // path's document end, which the scan does not model: leave such inputs to it.
  const lastLineEnd = source.indexOf('\n', lastContentLine);
  if (end === source.length && lastLineEnd !== -1 && lastLineEnd + 1 < source.length) return undefined;
  return { dashLines, valueStarts, indent, end };
}

/** The item's data from its outline; undefined when a scalar it needs is left to `yaml`. */
function itemData(source: string, root: OutlineMap, needed: DataNeeded): { value: unknown } | undefined {
  try {
    const apiVersion = root.entries.get('apiVersion');
    const kind = root.entries.get('kind');
    const paths = needed(apiVersion && outlineValue(source, apiVersion), kind && outlineValue(source, kind));
    if (paths === 'all') return { value: outlineValue(source, root) };
    const data: Record<string, unknown> = {};
    for (const key of ['apiVersion', 'kind', 'metadata']) {
      const node = root.entries.get(key);
      if (node !== undefined) data[key] = outlineValue(source, node);
    }
    for (const path of paths) pick(source, root, path, data);
    return { value: data };
  } catch (error) {
    if (error instanceof UnresolvedScalar) return undefined;
    throw error;
  }
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

/** An item whose outline holds a scalar the fast path does not resolve: composed by `yaml`. */
function composedData(valueText: string, column: number): { value: unknown } | undefined {
  const document = parseDocument(' '.repeat(column) + valueText);
  if (document.errors.length > 0) return undefined;
  return { value: document.toJS() as unknown };
}
