/**
 * YAML text for items we write: new generated objects, and policies we edit. Untouched items
 * never come here; they keep their source text.
 */
import { Document, parseDocument } from 'yaml';
import type { ResourceItem } from './resource-list';

/**
 * Options that match what kpt writes: no line folding, compact sequences (`- x` under the key),
 * `{a: b}` flow maps. YAML 1.1 quoting for new nodes keeps `yes`, `on`, `y` strings quoted for
 * YAML 1.1 readers such as kyaml.
 */
const NEW_ITEM_OPTIONS = { lineWidth: 0, indentSeq: false, flowCollectionPadding: false } as const;

/** A new item at column `indent`, as `- key: …` lines ending in a newline. */
export function newItemText(manifest: unknown, indent: number, eol: string): string {
  const body = new Document(manifest, { version: '1.1', aliasDuplicateObjects: false }).toString(NEW_ITEM_OPTIONS);
  return withEol(`${' '.repeat(indent)}- ${indentLines(body, indent + 2)}`, eol);
}

/**
 * The item's value as a Document of its own, to edit: parsed from the item's text (comments and
 * scalar styles kept), indented so that its first line lines up with the rest.
 */
export function editableDocument(item: ResourceItem): Document.Parsed {
  return parseDocument(' '.repeat(item.valueColumn) + item.text.slice(item.valueStart));
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
