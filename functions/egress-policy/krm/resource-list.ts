/**
 * Reads a ResourceList without losing a byte of what we do not own. The `yaml` CST gives item
 * boundaries; every item keeps its exact source text, and only items we need are composed into
 * Documents (comments kept) for reading or editing.
 */
import type { CST, LineCounter } from 'yaml';
import { yamlPackage } from '../yaml-package';
import { columnOf, lineStart, startOfLeadingComments } from './item-boundaries';
import { RESOURCE_LIST_API_VERSIONS, RESOURCE_LIST_KIND } from './keys';

/** One entry of `items`. */
export interface ResourceItem {
  /** Exact source from the start of the item's first line to the start of the next item. */
  text: string;
  /**
   * The blank and comment lines that open `text`, before the item's `-` line. When the item is
   * dropped (our own earlier output), these stay: nobody else's comment is lost.
   */
  leading: string;
  /** Offset of the item's value (after `- `) inside `text`. */
  valueStart: number;
  /** Column at which the item's value begins. */
  valueColumn: number;
  /** Plain data of the item. */
  data: unknown;
}

export interface ResourceListModel {
  /** Text before the first item, from the start of the input through the `items:` key. */
  head: string;
  items: ResourceItem[];
  /** When `items` is absent, empty or flow style: that pair as written (else empty). */
  itemsPair: string;
  /**
   * Text after the last item up to the end of the document. Input `results` are cut out: each
   * run reports its own (kpt collects every function's results itself), so a second run over
   * our output is byte-identical.
   */
  tail: string;
  /** Anything after the document (a `...` marker, trailing comments). */
  trailer: string;
  /** Column of each item's `-`, kept for items we add. */
  itemIndent: number;
  functionConfig: unknown;
  /** The input's line ending; text we write uses it too, so a CRLF package stays CRLF. */
  eol: '\n' | '\r\n';
}

export interface InputError {
  message: string;
  line?: number;
  column?: number;
}

/**
 * The full path: parses the whole input with the `yaml` CST and composes every item. Returns an
 * InputError for anything that is not a readable ResourceList.
 */
export function readResourceListFully(source: string): { ok: true; value: ResourceListModel } | { ok: false; error: InputError } {
  if (source.trim() === '') return fail({ message: 'the input is empty; expected a ResourceList (kind: ResourceList) on stdin' });
  const { LineCounter, Parser } = yamlPackage();
  const lines = new LineCounter();
  const tokens = [...new Parser(lines.addNewLine).parse(source)];
  const at = (offset: number): Pick<InputError, 'line' | 'column'> => {
    const pos = lines.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  const documents = tokens.filter((t): t is CST.Document => t.type === 'document');
  if (documents.length !== 1) {
    return fail({ message: `expected one YAML document holding a ResourceList, found ${documents.length}`, ...(documents[1] ? at(documents[1].offset) : {}) });
  }
  const documentToken = documents[0] as CST.Document;
  const root = documentToken.value;
  if (root?.type !== 'block-map') {
    return fail({ message: 'expected a ResourceList: a YAML mapping with kind: ResourceList (JSON and flow style are not supported)', ...at(documentToken.offset) });
  }
  // Compose the envelope's values one by one; `items` is composed item by item further down.
  const envelope: Record<string, unknown> = {};
  for (const pair of root.items) {
    const key = pair.key && 'source' in pair.key ? pair.key.source : undefined;
    if (key === undefined) return fail({ message: 'the ResourceList has a key that is not a plain string', ...at(pair.key?.offset ?? documentToken.offset) });
    if (key === 'items' && pair.value?.type === 'block-seq') {
      envelope.items = [];
      continue;
    }
    const composed = composeToken(pair.value, lines);
    if (!composed.ok) return composed;
    envelope[key] = composed.data;
  }
  if (envelope.kind !== RESOURCE_LIST_KIND) {
    return fail({ message: `expected kind: ${RESOURCE_LIST_KIND} at the top of the input${'kind' in envelope ? `, found kind: ${String(envelope.kind)}` : ''}`, ...at(documentToken.offset) });
  }
  if (typeof envelope.apiVersion === 'string' && !RESOURCE_LIST_API_VERSIONS.includes(envelope.apiVersion)) {
    return fail({ message: `ResourceList apiVersion '${envelope.apiVersion}' is not supported; expected ${RESOURCE_LIST_API_VERSIONS.join(' or ')}` });
  }
  if (envelope.items !== undefined && envelope.items !== null && !Array.isArray(envelope.items)) {
    return fail({ message: 'ResourceList items must be a list' });
  }
  if (Array.isArray(envelope.items) && envelope.items.length > 0 && root.items.find((p) => p.key && 'source' in p.key && p.key.source === 'items')?.value?.type !== 'block-seq') {
    return fail({ message: 'ResourceList items must be a block sequence (one "- " per item); flow style is not supported' });
  }
  const pairs = root.items;
  const pairStarts = pairs.map((pair) => lineStart(source, firstOffset(pair)));
  const documentEnd = documentToken.end?.[0]?.offset ?? source.length;
  const pairEnd = (i: number): number => pairStarts[i + 1] ?? documentEnd;
  const keyOf = (pair: (typeof pairs)[number]): string | undefined => (pair.key && 'source' in pair.key ? pair.key.source : undefined);

  const itemsIndex = pairs.findIndex((p) => keyOf(p) === 'items');
  const resultsIndex = pairs.findIndex((p) => keyOf(p) === 'results');
  // Earlier `results` are dropped, but not the comments written above the key.
  const keep = (i: number): string =>
    i === resultsIndex
      ? source.slice(pairStarts[i], lineStart(source, (pairs[i] as (typeof pairs)[number]).key?.offset ?? pairStarts[i] as number))
      : source.slice(pairStarts[i], pairEnd(i));

  let head: string;
  let tail: string;
  const items: ResourceItem[] = [];
  let itemIndent = itemsIndex >= 0 ? columnOf(source, firstOffset(pairs[itemsIndex] as (typeof pairs)[number])) : 0;
  let itemsPair = '';
  const seq = itemsIndex >= 0 ? pairs[itemsIndex]?.value : undefined;
  // A comment after the last item can come as an "item" without `-` or value: it is text, not an item.
  const seqItems = seq?.type === 'block-seq' ? seq.items.filter((item) => item.value !== undefined || item.start.some((t) => t.type === 'seq-item-ind')) : [];
  if (seq?.type === 'block-seq' && seqItems.length > 0) {
    itemIndent = columnOf(source, seq.offset);
    const valueStarts = seqItems.map((item) => item.value?.offset ?? firstOffset(item));
    // Full-line comments that close an item at or left of the `-` column introduce the next
    // one (the CST gives them to the item before): they move with the item they describe.
    const starts = seqItems.map((item, i) => {
      const start = lineStart(source, firstOffset(item));
      return i === 0 ? start : startOfLeadingComments(source, start, valueStarts[i - 1] as number, itemIndent);
    });
    const seqEnd = startOfLeadingComments(source, pairEnd(itemsIndex), valueStarts[valueStarts.length - 1] as number, itemIndent);
    head = source.slice(0, documentToken.offset) + pairs.slice(0, itemsIndex).map((_, i) => keep(i)).join('') + source.slice(pairStarts[itemsIndex], starts[0]);
    for (let i = 0; i < seqItems.length; i++) {
      const cstItem = seqItems[i] as CST.BlockSequence['items'][number];
      const start = starts[i] as number;
      const end = starts[i + 1] ?? seqEnd;
      if (cstItem.value === undefined) return fail({ message: 'a ResourceList item is empty', ...at(start) });
      const composed = composeToken(cstItem.value, lines);
      if (!composed.ok) return composed;
      const dash = cstItem.start.find((token) => token.type === 'seq-item-ind');
      const dashLine = dash === undefined ? start : Math.max(start, lineStart(source, dash.offset));
      items.push({
        text: source.slice(start, end),
        leading: source.slice(start, dashLine),
        valueStart: cstItem.value.offset - start,
        valueColumn: columnOf(source, cstItem.value.offset),
        data: composed.data,
      });
    }
    tail = source.slice(seqEnd, pairEnd(itemsIndex)) + pairs.map((_, i) => (i > itemsIndex ? keep(i) : '')).join('');
  } else {
    // No items, `items: []` or `items:` alone: keep the pair as written unless items are added.
    head = source.slice(0, documentToken.offset) + pairs.map((_, i) => (i < itemsIndex || itemsIndex < 0 ? keep(i) : '')).join('');
    itemsPair = itemsIndex >= 0 ? keep(itemsIndex) : '';
    tail = pairs.map((_, i) => (itemsIndex >= 0 && i > itemsIndex ? keep(i) : '')).join('');
  }
  return {
    ok: true,
    value: {
      head,
      items,
      itemsPair,
      tail,
      trailer: source.slice(documentEnd),
      itemIndent,
      functionConfig: envelope.functionConfig ?? undefined,
      eol: source.includes('\r\n') ? '\r\n' : '\n',
    },
  };
}

function fail(error: InputError): { ok: false; error: InputError } {
  return { ok: false, error };
}

type Composed = { ok: true; data: unknown } | { ok: false; error: InputError };

/** Composes one CST node as a Document of its own; YAML errors come back with line and column. */
function composeToken(token: CST.Token | undefined, lines: LineCounter): Composed {
  const documentToken: CST.Document = { type: 'document', offset: token?.offset ?? 0, start: [], ...(token ? { value: token } : {}) };
  const { Composer, visit } = yamlPackage();
  const documents = [...new Composer().compose([documentToken])];
  const document = documents[0];
  if (document === undefined) return { ok: false, error: { message: 'no YAML content' } };
  const error = document.errors[0];
  if (error !== undefined) {
    const pos = lines.linePos(error.pos[0]);
    return { ok: false, error: { message: `malformed YAML: ${error.message.split('\n')[0]}`, line: pos.line, column: pos.col } };
  }
  // Items are composed one by one, so an alias must find its anchor inside its own item.
  let unresolved: number | undefined;
  visit(document, {
    Alias(_, alias) {
      if (alias.resolve(document) === undefined) {
        unresolved = alias.range?.[0] ?? 0;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  if (unresolved !== undefined) {
    const pos = lines.linePos(unresolved);
    return { ok: false, error: { message: 'an alias refers to an anchor outside its own item; each item must define the anchors it uses', line: pos.line, column: pos.col } };
  }
  return { ok: true, data: document.toJS({ maxAliasCount: 10000 }) };
}

function firstOffset(node: { start?: CST.SourceToken[] | CST.SourceToken; key?: CST.Token | null; value?: CST.Token }): number {
  const start = Array.isArray(node.start) ? node.start[0] : undefined;
  return start?.offset ?? node.key?.offset ?? node.value?.offset ?? 0;
}
