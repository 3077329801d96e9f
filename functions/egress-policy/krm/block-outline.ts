/**
 * A one-pass reader for the block-style YAML that kpt, kustomize and people write for Kubernetes
 * objects: maps, sequences (indented or compact), one-line plain, quoted and flow scalars, block
 * scalars and comments. It builds an outline (maps, sequences, and where each scalar's text is)
 * without composing a Document, and resolves scalars only when asked (`outlineValue`).
 *
 * It refuses (returns undefined) whatever it does not fully understand: anchors, aliases, tags,
 * multi-line quoted, plain or flow scalars, complex or duplicate keys, keep-chomped block
 * scalars, tabs in indentation, inconsistent indentation. The caller then reads the input with
 * the `yaml` package instead, so a refusal costs time, never correctness.
 */
import { yamlPackage } from '../yaml-package';
import { isStringKey, plainScalarValue } from './plain-scalar';

export type OutlineNode = OutlineMap | OutlineSeq | OutlineScalar;

export interface OutlineMap {
  type: 'map';
  entries: Map<string, OutlineNode>;
}

export interface OutlineSeq {
  type: 'seq';
  items: OutlineNode[];
}

/** Where a scalar's source is: `[start, end)` of the input text, and how it is written. */
export interface OutlineScalar {
  type: 'scalar';
  style: 'empty' | 'plain' | 'single' | 'double' | 'flow' | 'block';
  start: number;
  end: number;
}

/** Thrown by `outlineValue` for a scalar it does not resolve itself (folded scalars, rare escapes). */
class UnresolvedScalar extends Error {}
/** One instance, thrown again and again: building an Error (its stack) per throw is costly. */
const UNRESOLVED = new UnresolvedScalar('a scalar the outline leaves to the yaml package');

interface Frame {
  /** Column of the map's keys or the sequence's dashes. */
  indent: number;
  node: OutlineMap | OutlineSeq;
  /** A map key whose value starts on a later line, or a `-` whose value does. */
  pending?: string | true;
  /** A sequence written at its parent key's column (`key:\n- a`). */
  compact?: boolean;
}

const EMPTY: OutlineScalar = { type: 'scalar', style: 'empty', start: 0, end: 0 };
const SPACE = 32;
const TAB = 9;
const HASH = 35;
const DASH = 45;
const COLON = 58;
const CR = 13;

/**
 * Outlines the block node whose first line starts at `firstContent` (column `firstColumn`) and
 * that runs to `end`; lines are `\n` or `\r\n` terminated. Undefined when it refuses.
 */
export function outlineBlock(source: string, firstContent: number, firstColumn: number, end: number): OutlineNode | undefined {
  const reader = new BlockReader(source);
  return reader.read(firstContent, firstColumn, end) ? reader.root : undefined;
}

class BlockReader {
  root: OutlineNode | undefined;
  private readonly stack: Frame[] = [];
  /** An open block scalar: its node and the column its content must be right of. */
  private block: { node: OutlineScalar; parentIndent: number; contentIndent?: number; leadingBlank: number } | undefined;

  constructor(private readonly source: string) {}

  read(firstContent: number, firstColumn: number, end: number): boolean {
    const source = this.source;
    let pos = firstContent;
    let first = true;
    while (pos < end) {
      let lineEnd = source.indexOf('\n', pos);
      if (lineEnd === -1 || lineEnd > end) lineEnd = end;
      let contentEnd = lineEnd;
      if (contentEnd > pos && source.charCodeAt(contentEnd - 1) === CR) contentEnd--;
      let p = pos;
      let column: number;
      if (first) {
        column = firstColumn;
        first = false;
      } else {
        while (p < contentEnd && source.charCodeAt(p) === SPACE) p++;
        column = p - pos;
      }
      pos = lineEnd + 1;
      if (this.block !== undefined) {
        if (p === contentEnd || column > this.block.parentIndent) {
          if (p < contentEnd) {
            // Errors `yaml` reports: a content line left of the first one, or an empty line
            // before the first one that is longer than its indentation.
            if (this.block.contentIndent === undefined && this.block.leadingBlank > column) return false;
            if (column < (this.block.contentIndent ??= column)) return false;
            this.block.node.end = contentEnd;
          } else if (this.block.contentIndent === undefined) {
            this.block.leadingBlank = Math.max(this.block.leadingBlank, column);
          }
          continue;
        }
        this.block = undefined;
      }
      if (p === contentEnd) continue;
      const c = source.charCodeAt(p);
      if (c === HASH) continue;
      if (c === TAB || !this.line(column, p, contentEnd)) return false;
    }
    this.closeFrames(-1, false);
    return this.root !== undefined;
  }

  /** One line's content from `p` (column `column`) to `end`. */
  private line(column: number, p: number, end: number): boolean {
    const source = this.source;
    if (source.charCodeAt(p) === DASH && (p + 1 === end || source.charCodeAt(p + 1) === SPACE)) return this.entry(column, p, end);
    const key = this.keyAt(p, end);
    if (key === undefined) return this.lone(column, p, end);
    if (key === null) return false;
    const map = this.mapAt(column);
    if (map === undefined || map.entries.has(key.name)) return false;
    let v = key.next;
    while (v < end && source.charCodeAt(v) === SPACE) v++;
    const frame = this.stack[this.stack.length - 1] as Frame;
    if (v === end || source.charCodeAt(v) === HASH) {
      map.entries.set(key.name, EMPTY);
      frame.pending = key.name;
      return true;
    }
    const value = this.scalarAt(v, end, frame.indent);
    if (value === undefined) return false;
    map.entries.set(key.name, value);
    return true;
  }

  /** `- …`: a sequence entry at `column`, its value inline or on the lines below. */
  private entry(column: number, p: number, end: number): boolean {
    this.closeFrames(column, true);
    const top = this.stack[this.stack.length - 1];
    let seq: Frame;
    if (top !== undefined && top.node.type === 'seq' && top.indent === column) {
      if (top.pending === true) (top.node as OutlineSeq).items.push(EMPTY);
      seq = top;
    } else {
      const node: OutlineSeq = { type: 'seq', items: [] };
      if (!this.attach(node, column, true)) return false;
      seq = { indent: column, node, compact: top !== undefined && top.node.type === 'map' && top.indent === column };
      this.stack.push(seq);
    }
    seq.pending = true;
    let q = p + 1;
    while (q < end && this.source.charCodeAt(q) === SPACE) q++;
    if (q === end || this.source.charCodeAt(q) === HASH) return true;
    return this.line(column + (q - p), q, end);
  }

  /** A line that is neither a key nor a `-`: the scalar value of a key or `-` on the line above. */
  private lone(column: number, p: number, end: number): boolean {
    this.closeFrames(column, false);
    const top = this.stack[this.stack.length - 1];
    if (top === undefined || top.pending === undefined || column <= top.indent) return false;
    const value = this.scalarAt(p, end, top.indent);
    if (value === undefined) return false;
    this.settle(top, value);
    return true;
  }

  /** The map that takes a key at `column`: the open one at that column, or a new one. */
  private mapAt(column: number): OutlineMap | undefined {
    this.closeFrames(column, false);
    const top = this.stack[this.stack.length - 1];
    if (top !== undefined && top.indent === column && top.node.type === 'map') {
      if (top.pending !== undefined) top.pending = undefined;
      return top.node;
    }
    const node: OutlineMap = { type: 'map', entries: new Map() };
    if (!this.attach(node, column, false)) return undefined;
    this.stack.push({ indent: column, node });
    return node;
  }

  /** Makes `node` the value waiting on the open frame (or the root); false when none waits for it. */
  private attach(node: OutlineMap | OutlineSeq, column: number, isSequence: boolean): boolean {
    const top = this.stack[this.stack.length - 1];
    if (top === undefined) {
      if (this.root !== undefined) return false;
      this.root = node;
      return true;
    }
    const fits = column > top.indent || (isSequence && column === top.indent && top.node.type === 'map');
    if (top.pending === undefined || !fits) return false;
    this.settle(top, node);
    return true;
  }

  private settle(frame: Frame, value: OutlineNode): void {
    if (frame.node.type === 'map') frame.node.entries.set(frame.pending as string, value);
    else frame.node.items.push(value);
    frame.pending = undefined;
  }

  /** Closes frames a line at `column` ends; a key or `-` left waiting gets an empty value. */
  private closeFrames(column: number, isEntry: boolean): void {
    for (;;) {
      const top = this.stack[this.stack.length - 1];
      if (top === undefined) return;
      const ends = top.indent > column || (top.compact === true && top.indent === column && !isEntry);
      if (!ends) return;
      if (top.pending !== undefined) this.settle(top, EMPTY);
      this.stack.pop();
    }
  }

  /**
   * The key of a `key: value` or `key:` line: undefined when the line has no key, null when it
   * has one this reader refuses (complex, tagged, escaped, or not resolving to its own string).
   */
  private keyAt(p: number, end: number): { name: string; next: number } | null | undefined {
    const source = this.source;
    const c = source.charCodeAt(p);
    if (c === 34 || c === 39) {
      const close = this.quotedEnd(p, end);
      if (close === undefined || source.charCodeAt(close) !== COLON || !(close + 1 === end || source.charCodeAt(close + 1) === SPACE)) return undefined;
      const raw = source.slice(p + 1, close - 1);
      if (c === 34 && raw.includes('\\')) return null;
      return { name: c === 39 ? raw.replace(/''/g, "'") : raw, next: close + 1 };
    }
    if (c === 91 || c === 123) return undefined;
    let colon = p;
    for (; colon < end; colon++) {
      const d = source.charCodeAt(colon);
      if (d === COLON && (colon + 1 === end || source.charCodeAt(colon + 1) === SPACE)) break;
      // A comment starts before any `: `: the line holds no key.
      if (d === HASH && colon > p && source.charCodeAt(colon - 1) === SPACE) return undefined;
    }
    if (colon >= end) return undefined;
    const name = source.slice(p, colon).trimEnd();
    if (!PLAIN_KEY.test(name) || !isStringKey(name)) return null;
    return { name, next: colon + 1 };
  }

  /** The scalar starting at `v`; only a comment may follow it on the line. */
  private scalarAt(v: number, end: number, parentIndent: number): OutlineScalar | undefined {
    const source = this.source;
    const c = source.charCodeAt(v);
    let tokenEnd: number | undefined;
    let style: OutlineScalar['style'];
    if (c === 34 || c === 39) {
      tokenEnd = this.quotedEnd(v, end);
      style = c === 34 ? 'double' : 'single';
    } else if (c === 91 || c === 123) {
      tokenEnd = this.flowEnd(v, end);
      style = 'flow';
    } else if (c === 124 || c === 62) {
      // Explicit indentation indicators and keep chomping (`+`) are left to `yaml`.
      const header = /^[|>]-?(?= |$)/.exec(source.slice(v, Math.min(end, v + 3)));
      if (header === null) return undefined;
      tokenEnd = v + header[0].length;
      if (!this.onlyCommentAfter(tokenEnd, end)) return undefined;
      const node: OutlineScalar = { type: 'scalar', style: 'block', start: v, end };
      this.block = { node, parentIndent, leadingBlank: 0 };
      return node;
    } else {
      if (PLAIN_START_REFUSED.test(source[v] as string) || (c === DASH && (v + 1 === end || source.charCodeAt(v + 1) === SPACE))) return undefined;
      // A plain scalar runs to a ` #` comment or the line's end; `: ` inside it is an error.
      let stop = v;
      let last = v;
      for (let q = v; q < end; q++) {
        const d = source.charCodeAt(q);
        if (d === HASH && (source.charCodeAt(q - 1) === SPACE || source.charCodeAt(q - 1) === TAB)) break;
        if (d === COLON && (q + 1 === end || source.charCodeAt(q + 1) === SPACE)) return undefined;
        if (d !== SPACE && d !== TAB) last = q;
        stop = q + 1;
      }
      return { type: 'scalar', style: 'plain', start: v, end: Math.min(stop, last + 1) };
    }
    if (tokenEnd === undefined || !this.onlyCommentAfter(tokenEnd, end)) return undefined;
    // Checked even where nobody reads the value: what `yaml` would reject goes to `yaml`.
    if (style === 'double' && !hasValidEscapes(source.slice(v, tokenEnd))) return undefined;
    if (style === 'flow' && tokenEnd - v > 2 && yamlPackage().parseDocument(source.slice(v, tokenEnd)).errors.length > 0) return undefined;
    return { type: 'scalar', style, start: v, end: tokenEnd };
  }

  private onlyCommentAfter(p: number, end: number): boolean {
    let q = p;
    while (q < end && this.source.charCodeAt(q) === SPACE) q++;
    return q === end || (this.source.charCodeAt(q) === HASH && q > p);
  }

  /** End (after the closing quote) of a quoted scalar that closes on its line. */
  private quotedEnd(p: number, end: number): number | undefined {
    const source = this.source;
    const quote = source.charCodeAt(p);
    for (let q = p + 1; q < end; q++) {
      const c = source.charCodeAt(q);
      if (quote === 34 && c === 92) q++;
      else if (c === quote) {
        if (quote === 39 && source.charCodeAt(q + 1) === 39 && q + 1 < end) q++;
        else return q + 1;
      }
    }
    return undefined;
  }

  /** End of a flow collection that closes on its line. */
  private flowEnd(p: number, end: number): number | undefined {
    const source = this.source;
    let depth = 0;
    for (let q = p; q < end; q++) {
      const c = source.charCodeAt(q);
      if (c === 34 || c === 39) {
        const close = this.quotedEnd(q, end);
        if (close === undefined) return undefined;
        q = close - 1;
      } else if (c === 91 || c === 123) depth++;
      else if (c === 93 || c === 125) {
        depth--;
        if (depth === 0) return q + 1;
      } else if (c === HASH && source.charCodeAt(q - 1) === SPACE) return undefined;
      else if (c === 38 || c === 42 || c === 33) return undefined;
    }
    return undefined;
  }
}

/** Keys the reader takes as written; anything else (quoted aside) sends the input to `yaml`. */
const PLAIN_KEY = /^[^\s?:,[\]{}#&*!|>'"%@`-][^\t]*$/;
/** Plain scalars may not start with an indicator (YAML 1.2 §7.3.3); those are refused. */
const PLAIN_START_REFUSED = /[?:,\[\]{}#&*!|>'"%@`\t]/;

/**
 * The plain data of an outlined node, resolved like `yaml`'s `toJS()` would. Throws
 * UnresolvedScalar for a scalar it leaves to the `yaml` package.
 */
export function outlineValue(source: string, node: OutlineNode): unknown {
  if (node.type === 'map') {
    const object: Record<string, unknown> = {};
    for (const [key, value] of node.entries) object[key] = outlineValue(source, value);
    return object;
  }
  if (node.type === 'seq') return node.items.map((item) => outlineValue(source, item));
  return scalarValue(source, node);
}

/** What `compute` returns, or undefined when it needs a scalar the outline leaves to `yaml`. */
export function resolving<T>(compute: () => T): { value: T } | undefined {
  try {
    return { value: compute() };
  } catch (error) {
    if (error instanceof UnresolvedScalar) return undefined;
    throw error;
  }
}

/** For what the outline leaves to `yaml`: the data of `text` composed by it, undefined on an error. */
export function composedValue(text: string): { value: unknown } | undefined {
  const document = yamlPackage().parseDocument(text);
  return document.errors.length > 0 ? undefined : { value: document.toJS() as unknown };
}

function scalarValue(source: string, node: OutlineScalar): unknown {
  const text = source.slice(node.start, node.end);
  switch (node.style) {
    case 'empty':
      return null;
    case 'plain':
      return plainScalarValue(text);
    case 'single':
      return text.slice(1, -1).replace(/''/g, "'");
    case 'double':
      if (!text.includes('\\')) return text.slice(1, -1);
      if (!JSON_ESCAPES_ONLY.test(text)) throw UNRESOLVED;
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw UNRESOLVED;
      }
    case 'flow':
      if (text === '{}') return {};
      if (text === '[]') return [];
      try {
        return yamlPackage().parse(text) as unknown;
      } catch {
        throw UNRESOLVED;
      }
    case 'block':
      return literalValue(source, node);
  }
}

/**
 * A literal block scalar (`|`, `|-`) as YAML reads it: the content lines less their common
 * indentation, then one line break (clip) or none (strip). Folded scalars (`>`) are left to
 * `yaml`, as is a leading empty line longer than the indentation (an error there).
 */
function literalValue(source: string, node: OutlineScalar): string {
  if (source[node.start] !== '|') throw UNRESOLVED;
  const strip = source[node.start + 1] === '-';
  const headerEnd = source.indexOf('\n', node.start);
  if (headerEnd === -1 || headerEnd >= node.end) return '';
  const lines = source.slice(headerEnd + 1, node.end).split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
  const first = lines.findIndex((line) => line.trim() !== '');
  if (first === -1) return '';
  const indent = (lines[first] as string).length - (lines[first] as string).trimStart().length;
  if (lines.slice(0, first).some((line) => line.length > indent)) throw UNRESOLVED;
  const text = lines.map((line) => (line.length <= indent && line.trim() === '' ? '' : line.slice(indent))).join('\n');
  return strip ? text : `${text}\n`;
}

/** YAML's double-quoted escapes (YAML 1.2 §5.7). */
const YAML_ESCAPE = /\\(?:[0abt\tnvfre "/\\N_LP]|x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})/g;

function hasValidEscapes(quoted: string): boolean {
  return !quoted.includes('\\') || !quoted.replace(YAML_ESCAPE, '').includes('\\');
}

/** Escapes JSON and YAML read the same way; `\t` and friends only, no raw control characters. */
const JSON_ESCAPES_ONLY = /^"(?:[^\\"\x00-\x1f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"$/;
