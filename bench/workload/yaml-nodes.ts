/**
 * A small tree of YAML nodes that says exactly how each value is written: plain or quoted,
 * which block scalar header, where the comments go. The workload needs this control (the
 * `yaml` package would choose styles itself) and it is cheap enough for 50,000 items.
 */
export type YamlNode = PlainScalar | QuotedScalar | BlockScalar | YamlMap | YamlSeq;

export interface PlainScalar {
  kind: 'plain';
  text: string;
  trailingComment?: string;
}

export interface QuotedScalar {
  kind: 'quoted';
  quote: "'" | '"';
  text: string;
  trailingComment?: string;
}

export interface BlockScalar {
  kind: 'block';
  header: '|' | '|-' | '>';
  text: string;
}

export interface YamlMap {
  kind: 'map';
  entries: MapEntry[];
}

export interface YamlSeq {
  kind: 'seq';
  items: YamlNode[];
}

/** A key and its value, or a full-line comment between entries. */
export type MapEntry = { key: string; value: YamlNode } | { comment: string };

/** What the constructors accept: a node, or a string/number/boolean written plain. */
export type Value = YamlNode | string | number | boolean;

// Strings the generator writes plain must read back as the same string: nothing YAML would
// take for a number, boolean, null, or an indicator.
const NEEDS_QUOTES = /^$|^[\s\-?:,[\]{}#&*!|>'"%@`]|\s$|: |\s#|^(true|false|yes|no|on|off|y|n|null|~)$|^[-+]?(\d[\d_]*(\.\d*)?(e[-+]?\d+)?|\.\d+|0x[\da-f]+|0o[0-7]+|\.inf|\.nan)$|^\d+:\d/i;

export function plain(value: string | number | boolean, trailingComment?: string): PlainScalar {
  const text = String(value);
  if (typeof value === 'string' && NEEDS_QUOTES.test(text)) throw new Error(`'${text}' cannot be written plain; quote it`);
  return trailingComment === undefined ? { kind: 'plain', text } : { kind: 'plain', text, trailingComment };
}

export function singleQuoted(text: string): QuotedScalar {
  return { kind: 'quoted', quote: "'", text };
}

export function doubleQuoted(text: string): QuotedScalar {
  return { kind: 'quoted', quote: '"', text };
}

export function block(header: BlockScalar['header'], text: string): BlockScalar {
  return { kind: 'block', header, text };
}

export function withComment<T extends PlainScalar | QuotedScalar>(node: T, comment: string): T {
  return { ...node, trailingComment: comment };
}

export function field(key: string, value: Value): MapEntry {
  return { key, value: toNode(value) };
}

export function commentLine(comment: string): MapEntry {
  return { comment };
}

export function map(...entries: MapEntry[]): YamlMap {
  return { kind: 'map', entries };
}

export function seq(...items: Value[]): YamlSeq {
  return { kind: 'seq', items: items.map(toNode) };
}

function toNode(value: Value): YamlNode {
  return typeof value === 'object' ? value : plain(value);
}
