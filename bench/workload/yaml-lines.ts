/**
 * Writes a YamlMap as block-style lines the way kpt writes packages: two-space indent, and
 * sequences at their key's column ("compact" seqindent), which is what kpt's
 * `internal.config.kubernetes.io/seqindent: 'compact'` records.
 */
import type { MapEntry, PlainScalar, QuotedScalar, YamlMap, YamlNode, YamlSeq } from './yaml-nodes.ts';

/** Lines of `node` with every line starting at `indent`. */
export function mapLines(node: YamlMap, indent: string): string[] {
  const lines: string[] = [];
  for (const entry of node.entries) pushEntry(entry, indent, lines);
  return lines;
}

/** Lines of `node` as an item of a block sequence whose dashes sit at `indent`. */
export function seqItemLines(node: YamlMap, indent: string): string[] {
  const lines = mapLines(node, `${indent}  `);
  const first = lines[0];
  if (first === undefined || first.trimStart().startsWith('#')) throw new Error('a sequence item must start with a field');
  lines[0] = `${indent}- ${first.slice(indent.length + 2)}`;
  return lines;
}

function pushEntry(entry: MapEntry, indent: string, lines: string[]): void {
  if ('comment' in entry) {
    lines.push(`${indent}# ${entry.comment}`);
    return;
  }
  const { key, value } = entry;
  switch (value.kind) {
    case 'plain':
    case 'quoted':
      lines.push(`${indent}${key}: ${scalarText(value)}`);
      return;
    case 'block':
      lines.push(`${indent}${key}: ${value.header}`);
      for (const line of value.text.split('\n')) lines.push(line === '' ? '' : `${indent}  ${line}`);
      return;
    case 'map':
      if (value.entries.length === 0) {
        lines.push(`${indent}${key}: {}`);
        return;
      }
      lines.push(`${indent}${key}:`);
      for (const child of value.entries) pushEntry(child, `${indent}  `, lines);
      return;
    case 'seq':
      if (value.items.length === 0) {
        lines.push(`${indent}${key}: []`);
        return;
      }
      lines.push(`${indent}${key}:`);
      pushSeqItems(value, indent, lines);
      return;
  }
}

function pushSeqItems(node: YamlSeq, indent: string, lines: string[]): void {
  for (const item of node.items) lines.push(...itemLines(item, indent));
}

function itemLines(item: YamlNode, indent: string): string[] {
  switch (item.kind) {
    case 'plain':
    case 'quoted':
      return [`${indent}- ${scalarText(item)}`];
    case 'map':
      return seqItemLines(item, indent);
    default:
      throw new Error(`a ${item.kind} node cannot be a sequence item here`);
  }
}

function scalarText(node: PlainScalar | QuotedScalar): string {
  const text = node.kind === 'plain' ? node.text : quote(node);
  return node.trailingComment === undefined ? text : `${text}  # ${node.trailingComment}`;
}

function quote(node: QuotedScalar): string {
  if (node.quote === "'") return `'${node.text.replaceAll("'", "''")}'`;
  return JSON.stringify(node.text);
}
