/**
 * YAML text for items we write: new generated objects, and policies we edit. Untouched items
 * never come here; they keep their source text.
 */
import type { Document } from 'yaml';
import { yamlPackage } from '../yaml-package';
import { WRITE_OPTIONS, writePlainMap } from './plain-yaml-writer';
import type { ResourceItem } from './resource-list';

/**
 * New items are written as kpt writes: no line folding, compact sequences (`- x` under the key),
 * `{a: b}` flow maps (WRITE_OPTIONS). YAML 1.1 quoting for new nodes keeps `yes`, `on`, `y`
 * strings quoted for YAML 1.1 readers such as kyaml.
 */
/** A new item at column `indent`, as `- key: …` lines ending in a newline. */
export function newItemText(manifest: unknown, indent: number, eol: string): string {
  const plain = typeof manifest === 'object' && manifest !== null && !Array.isArray(manifest) ? writePlainMap(manifest as Record<string, unknown>) : undefined;
  const body = plain ?? new (yamlPackage().Document)(manifest, { version: '1.1', aliasDuplicateObjects: false }).toString(WRITE_OPTIONS);
  return withEol(`${' '.repeat(indent)}- ${indentLines(body, indent + 2)}`, eol);
}

/**
 * The item's value as a Document of its own, to edit: parsed from the item's text (comments and
 * scalar styles kept), indented so that its first line lines up with the rest.
 */
export function editableDocument(item: ResourceItem): Document.Parsed {
  return yamlPackage().parseDocument(' '.repeat(item.valueColumn) + item.text.slice(item.valueStart));
}

/**
 * True when a node on `path` (the root included) carries an anchor: editing it would also change
 * every alias of it elsewhere in the item.
 */
export function hasAnchorOnPath(document: Document, path: readonly string[]): boolean {
  const { isMap, isScalar, isSeq } = yamlPackage();
  let node: unknown = document.contents;
  for (let i = 0; ; i++) {
    if ((isMap(node) || isSeq(node) || isScalar(node)) && node.anchor) return true;
    const key = path[i];
    if (key === undefined || !isMap(node)) return false;
    node = node.get(key, true);
    if (node === undefined) return false;
  }
}

/**
 * Makes every existing node along `path` a plain map the document owns, so that `setIn` can
 * write below it: an alias becomes a copy of what it points to (editing the anchored node would
 * change the other places that use it), a null or other scalar becomes an empty map.
 */
export function ensureMapPath(document: Document, path: readonly string[]): void {
  const { isAlias, isMap, isScalar } = yamlPackage();
  let node: unknown = document.contents;
  for (const key of path) {
    if (!isMap(node)) return;
    const child = node.get(key, true);
    if (child === undefined || isMap(child)) {
      node = child;
      continue;
    }
    // toJS with the document resolves aliases nested inside the anchored node too.
    const value: unknown = isAlias(child) ? child.resolve(document)?.toJS(document) : isScalar(child) ? child.value : undefined;
    const replacement = document.createNode(typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {});
    node.set(key, replacement);
    node = replacement;
  }
}

/**
 * An edited item: what precedes its value (head comments, `- `) is kept as written, the value
 * comes from its Document, in the item's own sequence style so the diff shows only the edit.
 */
export function editedItemText(item: ResourceItem, document: Document, eol: string): string {
  const indentSeq = usesIndentedSequences(item.text.replace(/\r/g, ''));
  // A CRLF source leaves '\r' in comments; line ends are applied once, below.
  const body = document.toString({ lineWidth: 0, indentSeq, flowCollectionPadding: false }).replace(/\r/g, '');
  return item.text.slice(0, item.valueStart) + withEol(indentLines(body, item.valueColumn), eol);
}

/** Converts the writer's `\n` line ends to the input's. */
export function withEol(text: string, eol: string): string {
  return eol === '\n' ? text : text.replace(/\n/g, eol);
}

/** Indents every line but the first by `column`; blank lines stay empty. */
function indentLines(text: string, column: number): string {
  const pad = ' '.repeat(column);
  return text.replace(/\n(?=[^\n])/g, `\n${pad}`);
}

/** True when the item writes `key:\n  - x` rather than kpt's compact `key:\n- x`. */
function usesIndentedSequences(text: string): boolean {
  const match = /^( *)[^\s#-][^\n]*:[ \t]*(?:#[^\n]*)?\n\1( *)- /m.exec(text);
  return match !== null && (match[2] ?? '').length > 0;
}
