/**
 * A tiny YAML *writer* for the property tests: plain data is dressed in a randomly chosen
 * style (a "styled tree": quoting, block scalars, flow collections, comments, anchors and
 * aliases, blank lines, wide or compact sequences) and rendered to text. The data a styled
 * tree means is computed from the tree itself (`dataOf`), never by parsing the text, so the
 * tests know what every item means independently of both the `yaml` package and the function.
 *
 * Style choices come from a `Choose` function fed by fast-check (`choiceStream`): choice 0 is
 * always the plainest option, so shrinking a counterexample also simplifies its YAML.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

type ScalarStyle = 'plain' | 'single' | 'double' | 'literal' | 'literalStrip' | 'folded' | 'tilde' | 'empty';

export interface ScalarNode {
  k: 'scalar';
  value: null | boolean | number | string;
  style: ScalarStyle;
  anchor?: string;
  comment?: string;
}
export interface AliasNode {
  k: 'alias';
  name: string;
  target: Node;
  comment?: string;
}
export interface MapEntry {
  key: string;
  keyStyle: 'plain' | 'single' | 'double';
  value: Node;
  /** Full-line comments above the key. */
  head?: string[];
  /** Write the head comments at column 0 instead of the key's column. */
  headAtZero?: boolean;
  blankBefore?: boolean;
}
export interface MapNode {
  k: 'map';
  entries: MapEntry[];
  flow: boolean;
  anchor?: string;
  /** Trailing comment on the line that introduces the map (`key: # c`, `- # c`). */
  comment?: string;
  /** Full-line comment after the last entry, at the map's own indentation. */
  endComment?: string;
}
export interface SeqItem {
  value: Node;
  head?: string[];
  blankBefore?: boolean;
}
export interface SeqNode {
  k: 'seq';
  items: SeqItem[];
  flow: boolean;
  /** `key:\n  - x` (wide) rather than `key:\n- x` (compact). */
  wide: boolean;
  anchor?: string;
  comment?: string;
}
export type Node = ScalarNode | AliasNode | MapNode | SeqNode;

/** Returns an integer in [0, n). */
export type Choose = (n: number) => number;

/** A Choose over a fixed array of numbers (from fast-check); past its end every choice is 0. */
export function chooser(choices: readonly number[]): Choose {
  let i = 0;
  return (n) => {
    if (n <= 1) return 0;
    const value = i < choices.length ? (choices[i] as number) : 0;
    i++;
    return value % n;
  };
}

/** A Choose driven by a small PRNG (mulberry32) from `seed`. */
export function seededChooser(seed: number): Choose {
  let a = seed >>> 0;
  return (n) => {
    if (n <= 1) return 0;
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) % n);
  };
}

/** True with probability about 1/n (never for the all-zero choice stream). */
function oneIn(choose: Choose, n: number): boolean {
  return choose(n) === n - 1;
}

// ---------------------------------------------------------------------------------------------
// Meaning

export function dataOf(node: Node): Json {
  switch (node.k) {
    case 'scalar':
      return node.style === 'tilde' || node.style === 'empty' ? null : node.value;
    case 'alias':
      return dataOf(node.target);
    case 'map': {
      const out: { [key: string]: Json } = {};
      for (const e of node.entries) out[e.key] = dataOf(e.value);
      return out;
    }
    case 'seq':
      return node.items.map((i) => dataOf(i.value));
  }
}

// ---------------------------------------------------------------------------------------------
// Which styles can carry which string

const RESERVED_PLAIN = /^(?:true|false|null|yes|no|on|off|y|n|~|\.inf|\.nan|[-+]\.inf)$/i;
/** Conservative plain-scalar test: starts with a letter, no indicator characters at all. */
export function isSafePlain(s: string, inFlow = false): boolean {
  if (s === '' || RESERVED_PLAIN.test(s)) return false;
  if (/^(?:\d{1,3}\.){3}\d{1,3}$/.test(s)) return true; // an IPv4 address is a string, not a number
  if (!/^[A-Za-z\u00C0-\uFFFF]/u.test(s)) return false;
  if (/\s$/u.test(s) || /\s\s/u.test(s)) return false;
  // `nginx:1.25` is a plain string in block context; keep flow context strict.
  const body = inFlow ? s : s.replace(/:(?=[A-Za-z0-9])/g, '');
  return /^[A-Za-z0-9 ._/()@\u00C0-\u{10FFFF}-]+$/u.test(body) && !/[\uFEFF\u2028\u2029]/u.test(s);
}

function isSafeSingle(s: string): boolean {
  return !/[\u0000-\u0008\u000A-\u001F\u007F-\u009F\uFEFF\u2028\u2029\uD800-\uDFFF]/.test(s.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''));
}

/** A double-quoted scalar; escapes what JSON leaves raw but YAML may read as a line break. */
export function doubleQuoted(s: string): string {
  return JSON.stringify(s).replace(/[\u007F-\u009F\u2028\u2029\uFEFF]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** One or more non-blank lines, each starting with a non-space, each ending in '\n'. */
function isLiteralClip(s: string): boolean {
  return /^(?:[^\s][^\n\r]*\n)+$/u.test(s) && isSafeSingle(s.replace(/\n/g, ''));
}
function isLiteralStrip(s: string): boolean {
  return /^[^\s][^\n\r]*(?:\n[^\s][^\n\r]*)*$/u.test(s) && isSafeSingle(s.replace(/\n/g, '')) && !/\s$/.test(s);
}
/** Words separated by single spaces, then one '\n': folds back to exactly this. */
function isFoldable(s: string): boolean {
  return /^[^\s]+(?: [^\s]+)+\n$/u.test(s) && isSafeSingle(s.slice(0, -1));
}

// ---------------------------------------------------------------------------------------------
// Dressing data in a style

export interface StyleOptions {
  /** Allow anchors and aliases between sibling values (changes nothing the data says). */
  aliases: boolean;
  /** Allow comments. */
  comments: boolean;
}

const COMMENT_TEXTS = [
  'note',
  'TODO: review',
  'key: value inside a comment',
  '- not an item',
  'Grüße, ünïcödé and 日本語 🚀',
  '#double hash',
  "it's 'quoted' and \"double\"",
  'items: [looks, like, yaml]',
  'a very long comment line that goes on and on well past the one hundred and twenty character mark, to check nothing wraps it',
];

export function comment(choose: Choose): string {
  return COMMENT_TEXTS[choose(COMMENT_TEXTS.length)] as string;
}

export class Stylist {
  private anchors = 0;
  constructor(
    private readonly choose: Choose,
    private readonly options: StyleOptions,
    private readonly anchorPrefix: string,
  ) {}

  private maybeComment(n: number): string | undefined {
    return this.options.comments && oneIn(this.choose, n) ? comment(this.choose) : undefined;
  }

  node(value: Json, inFlow = false): Node {
    if (Array.isArray(value)) return this.seq(value, inFlow);
    if (value !== null && typeof value === 'object') return this.map(value, inFlow);
    return this.scalar(value, inFlow);
  }

  scalar(value: null | boolean | number | string, inFlow: boolean): ScalarNode {
    const comment = inFlow ? undefined : this.maybeComment(6);
    const withComment = (node: ScalarNode): ScalarNode => (comment !== undefined ? { ...node, comment } : node);
    if (value === null) {
      const styles: ScalarStyle[] = inFlow ? ['plain', 'tilde'] : ['plain', 'tilde', 'empty'];
      return withComment({ k: 'scalar', value, style: styles[this.choose(styles.length)] as ScalarStyle });
    }
    if (typeof value !== 'string') return withComment({ k: 'scalar', value, style: 'plain' });
    const styles: ScalarStyle[] = [];
    if (isSafePlain(value, inFlow)) styles.push('plain');
    if (isSafeSingle(value)) styles.push('single');
    styles.push('double');
    if (!inFlow) {
      if (isLiteralClip(value)) styles.push('literal', 'literal');
      if (isLiteralStrip(value) && value.includes('\n')) styles.push('literalStrip', 'literalStrip');
      if (isFoldable(value)) styles.push('folded', 'folded');
    }
    // Multi-line strings prefer block styles, which is how people write them.
    const blockFirst = !inFlow && value.includes('\n') && styles.some((s) => s.startsWith('literal') || s === 'folded');
    const pool = blockFirst ? styles.filter((s) => s.startsWith('literal') || s === 'folded').concat(styles) : styles;
    return withComment({ k: 'scalar', value, style: pool[this.choose(pool.length)] as ScalarStyle });
  }

  map(value: { [key: string]: Json }, inFlow: boolean): MapNode {
    const keys = Object.keys(value);
    const flow = inFlow || keys.length === 0 || oneIn(this.choose, 5);
    const entries: MapEntry[] = keys.map((key, i) => {
      const keyStyles: MapEntry['keyStyle'][] = isSafePlain(key, true) ? ['plain', 'plain', 'plain', 'double', 'single'] : ['double', 'single'];
      const entry: MapEntry = { key, keyStyle: keyStyles[this.choose(keyStyles.length)] as MapEntry['keyStyle'], value: this.node(value[key] as Json, flow) };
      if (!flow) {
        const head = this.maybeComment(7);
        if (head !== undefined) {
          entry.head = oneIn(this.choose, 3) ? [head, comment(this.choose)] : [head];
          if (i > 0 && oneIn(this.choose, 4)) entry.headAtZero = true;
        }
        if (i > 0 && oneIn(this.choose, 8)) entry.blankBefore = true;
      }
      return entry;
    });
    const node: MapNode = { k: 'map', entries, flow };
    if (!flow) {
      const c = this.maybeComment(8);
      if (c !== undefined) node.comment = c;
      const end = this.maybeComment(9);
      if (end !== undefined) node.endComment = end;
      if (this.options.aliases) this.linkSiblings(entries);
    }
    return node;
  }

  seq(value: Json[], inFlow: boolean): SeqNode {
    const flow = inFlow || value.length === 0 || oneIn(this.choose, 5);
    const items: SeqItem[] = value.map((v, i) => {
      const item: SeqItem = { value: this.node(v, flow) };
      if (!flow) {
        const head = this.maybeComment(9);
        if (head !== undefined) item.head = [head];
        if (i > 0 && oneIn(this.choose, 10)) item.blankBefore = true;
      }
      return item;
    });
    const node: SeqNode = { k: 'seq', items, flow, wide: this.choose(2) === 1 };
    if (!flow) {
      const c = this.maybeComment(8);
      if (c !== undefined) node.comment = c;
    }
    return node;
  }

  /** Sometimes makes a later sibling an alias of an earlier one (`a: &x …`, `b: *x`). */
  private linkSiblings(entries: MapEntry[]): void {
    if (entries.length < 2 || !oneIn(this.choose, 4)) return;
    const i = this.choose(entries.length - 1);
    const j = i + 1 + this.choose(entries.length - 1 - i);
    const source = (entries[i] as MapEntry).value;
    if (source.k === 'alias' || (source.k === 'scalar' && source.style === 'empty')) return;
    this.alias(source, entries[j] as MapEntry);
  }

  /** Anchors `source` (if not yet) and makes `target.value` an alias of it. */
  alias(source: Node, target: MapEntry): void {
    if (source.k === 'alias') return;
    if (source.anchor === undefined) {
      const names = ['a', 'base', 'ref', 'x', 'defaults'];
      source.anchor = `${names[this.choose(names.length)]}${this.anchorPrefix}${this.anchors++}`;
    }
    const aliasNode: AliasNode = { k: 'alias', name: source.anchor, target: source };
    const c = this.maybeComment(5);
    if (c !== undefined) aliasNode.comment = c;
    target.value = aliasNode;
  }
}

// ---------------------------------------------------------------------------------------------
// Rendering

const pad = (n: number): string => ' '.repeat(n);
const trail = (c: string | undefined): string => (c === undefined ? '' : ` # ${c}`);

function keyText(e: MapEntry): string {
  if (e.keyStyle === 'plain') return e.key;
  if (e.keyStyle === 'single') return `'${e.key.replace(/'/g, "''")}'`;
  return doubleQuoted(e.key);
}

function scalarInline(node: ScalarNode): string {
  const v = node.value;
  if (node.style === 'tilde') return '~';
  if (node.style === 'empty') return '';
  if (v === null) return 'null';
  if (typeof v !== 'string') return String(v);
  if (node.style === 'plain') return v;
  if (node.style === 'single') return `'${v.replace(/'/g, "''")}'`;
  return doubleQuoted(v);
}

function isBlockScalar(node: Node): boolean {
  return node.k === 'scalar' && (node.style === 'literal' || node.style === 'literalStrip' || node.style === 'folded');
}

/** Header (`|`, `|-`, `>`) and content lines of a block scalar, content at `indent`. */
function blockScalar(node: ScalarNode, indent: number): { header: string; lines: string[] } {
  const s = node.value as string;
  if (node.style === 'literal') return { header: '|', lines: s.slice(0, -1).split('\n').map((l) => pad(indent) + l) };
  if (node.style === 'literalStrip') return { header: '|-', lines: s.split('\n').map((l) => pad(indent) + l) };
  // folded: split the words over lines of about 40 characters
  const words = s.slice(0, -1).split(' ');
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line !== '' && line.length + w.length > 40) {
      lines.push(line);
      line = w;
    } else line = line === '' ? w : `${line} ${w}`;
  }
  lines.push(line);
  return { header: '>', lines: lines.map((l) => pad(indent) + l) };
}

export function flowText(node: Node): string {
  switch (node.k) {
    case 'alias':
      return `*${node.name}`;
    case 'scalar':
      return scalarInline(node.style === 'empty' ? { ...node, style: 'plain' } : isBlockScalar(node) ? { ...node, style: 'double' } : node);
    case 'map':
      return node.entries.length === 0 ? '{}' : `{${node.entries.map((e) => `${keyText(e)}: ${flowText(e.value)}`).join(', ')}}`;
    case 'seq':
      return node.items.length === 0 ? '[]' : `[${node.items.map((i) => flowText(i.value)).join(', ')}]`;
  }
}

const anchorText = (node: Node): string => (node.k !== 'alias' && node.anchor !== undefined ? `&${node.anchor}` : '');

function isBlockCollection(node: Node): boolean {
  return (node.k === 'map' && !node.flow && node.entries.length > 0) || (node.k === 'seq' && !node.flow && node.items.length > 0);
}

/** Lines of a block map whose keys sit at column `indent`. */
export function renderBlockMap(map: MapNode, indent: number): string[] {
  const out: string[] = [];
  map.entries.forEach((e, i) => {
    if (e.blankBefore && i > 0) out.push('');
    for (const h of e.head ?? []) out.push(`${pad(e.headAtZero ? 0 : indent)}# ${h}`);
    const lead = `${pad(indent)}${keyText(e)}:`;
    out.push(...renderValueAfter(lead, e.value, indent, true));
  });
  if (map.endComment !== undefined) out.push(`${pad(indent)}# ${map.endComment}`);
  return out;
}

/**
 * Lines for `lead` (`  key:` or `  -`) followed by `value`. `indent` is the column of the key or
 * dash; nested block content goes to indent + 2 (maps, wide sequences, block scalars).
 */
function renderValueAfter(lead: string, value: Node, indent: number, isKey: boolean): string[] {
  const anchor = anchorText(value);
  const anchorSp = anchor === '' ? '' : ` ${anchor}`;
  if (value.k === 'alias') return [`${lead} *${value.name}${trail(value.comment)}`];
  if (value.k === 'scalar') {
    if (isBlockScalar(value)) {
      const { header, lines } = blockScalar(value, indent + 2);
      return [`${lead}${anchorSp} ${header}${trail(value.comment)}`, ...lines];
    }
    const text = scalarInline(value);
    return [`${lead}${anchorSp}${text === '' ? '' : ` ${text}`}${trail(value.comment)}`];
  }
  if (!isBlockCollection(value)) return [`${lead}${anchorSp} ${flowText(value)}${trail(value.comment)}`];
  if (value.k === 'map') {
    const body = renderBlockMap(value, indent + 2);
    if (isKey || anchor !== '' || value.comment !== undefined) return [`${lead}${anchorSp}${trail(value.comment)}`, ...body];
    return [`${lead} ${(body[0] as string).trimStart()}`, ...body.slice(1)];
  }
  // block sequence
  const seqIndent = isKey && !value.wide ? indent : indent + 2;
  const body = renderBlockSeq(value, seqIndent);
  if (isKey || anchor !== '' || value.comment !== undefined) return [`${lead}${anchorSp}${trail(value.comment)}`, ...body];
  return [`${lead} ${(body[0] as string).trimStart()}`, ...body.slice(1)];
}

/** Lines of a block sequence whose dashes sit at column `indent`. */
export function renderBlockSeq(seq: SeqNode, indent: number): string[] {
  const out: string[] = [];
  seq.items.forEach((item, i) => {
    if (item.blankBefore && i > 0) out.push('');
    for (const h of item.head ?? []) out.push(`${pad(indent)}# ${h}`);
    out.push(...renderValueAfter(`${pad(indent)}-`, item.value, indent, false));
  });
  return out;
}

/** One ResourceList item: `- ` at column `indent`, the map's keys at indent + 2. Ends in '\n'. */
export function renderItem(node: MapNode, indent: number): string {
  return `${renderValueAfter(`${pad(indent)}-`, { ...node, flow: false }, indent, false).join('\n')}\n`;
}
