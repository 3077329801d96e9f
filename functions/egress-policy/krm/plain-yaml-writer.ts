/**
 * Writes plain data (objects, arrays, one-line strings, numbers, booleans, null) as block YAML,
 * byte for byte as the `yaml` package's Document writes it with our options (YAML 1.1 quoting,
 * no line folding, compact sequences, `{}` and `[]` for empty collections), only without
 * building a Document for every object we generate.
 *
 * How each key and scalar is written is still the `yaml` package's decision: it is asked once
 * per distinct key and scalar and remembered. Multi-line strings and anything that is not plain
 * data return undefined, and the caller writes the object with a Document.
 * test/unit/krm/plain-yaml-writer.test.ts holds the two writers to the same bytes.
 */
import { yamlPackage } from '../yaml-package';

export const WRITE_OPTIONS = { lineWidth: 0, indentSeq: false, flowCollectionPadding: false } as const;
const DOCUMENT_OPTIONS = { version: '1.1', aliasDuplicateObjects: false } as const;

/**
 * The block YAML of a map, each line ending in '\n'; undefined when it is left to a Document.
 * `indentSeq` writes `key:\n  - x` (the yaml package's default) instead of kpt's `key:\n- x`.
 */
export function writePlainMap(value: Record<string, unknown>, options: { indentSeq?: boolean } = {}): string | undefined {
  const writer = new BlockWriter(options.indentSeq === true);
  return writer.map(value, 0, '') ? `${writer.lines.join('\n')}\n` : undefined;
}

class BlockWriter {
  readonly lines: string[] = [];

  constructor(private readonly indentSeq: boolean) {}

  /**
   * Appends the map's lines; `firstPrefix` replaces the first line's indentation (a sequence
   * item's `- `). False when something in it is left to a Document.
   */
  map(map: Record<string, unknown>, indent: number, firstPrefix: string): boolean {
    const pad = ' '.repeat(indent);
    let first = true;
    for (const key of Object.keys(map)) {
      const value = map[key];
      const keyText = keyOf(key);
      if (keyText === undefined) return false;
      const lead = first ? firstPrefix : pad;
      first = false;
      if (Array.isArray(value)) {
        if (value.length === 0) this.lines.push(`${lead}${keyText}: []`);
        else {
          this.lines.push(`${lead}${keyText}:`);
          if (!this.seq(value, this.indentSeq ? indent + 2 : indent)) return false;
        }
      } else if (isPlainObject(value)) {
        if (Object.keys(value).length === 0) this.lines.push(`${lead}${keyText}: {}`);
        else {
          this.lines.push(`${lead}${keyText}:`);
          if (!this.map(value, indent + 2, ' '.repeat(indent + 2))) return false;
        }
      } else {
        const text = scalarOf(value);
        if (text === undefined) return false;
        this.lines.push(`${lead}${keyText}: ${text}`);
      }
    }
    if (first) this.lines.push(`${firstPrefix}{}`);
    return true;
  }

  /** Sequence items with their dashes at `indent`. */
  private seq(items: readonly unknown[], indent: number): boolean {
    const dash = `${' '.repeat(indent)}- `;
    for (const item of items) {
      if (Array.isArray(item)) {
        if (item.length > 0) return false;
        this.lines.push(`${dash}[]`);
      } else if (isPlainObject(item)) {
        if (Object.keys(item).length === 0) this.lines.push(`${dash}{}`);
        else if (!this.map(item, indent + 2, dash)) return false;
      } else {
        const text = scalarOf(item);
        if (text === undefined) return false;
        this.lines.push(`${dash}${text}`);
      }
    }
    return true;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/**
 * Strings written plain without asking: they start with a letter and hold only name-like
 * characters, so under YAML 1.1 only the boolean and null words below could read as anything
 * else (numbers, timestamps and `.inf` start otherwise).
 */
const NAME_LIKE = /^[A-Za-z][A-Za-z0-9_./-]*$/;
const YAML_11_WORDS = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$/;

const keys = new Map<string, string | undefined>();
const scalars = new Map<unknown, string | undefined>();

/** How the `yaml` package writes `key` as a block map key. */
function keyOf(key: string): string | undefined {
  // The yaml package quotes these at column 0 only (a document marker, a directive): its choice
  // depends on where the key stands, so they are left to it.
  if (/^(?:---|\.\.\.|%)/.test(key)) return undefined;
  if (NAME_LIKE.test(key) && !YAML_11_WORDS.test(key)) return key;
  let text = keys.get(key);
  if (text === undefined && !keys.has(key)) {
    const written = new (yamlPackage().Document)({ [key]: 0 }, DOCUMENT_OPTIONS).toString(WRITE_OPTIONS);
    text = written.endsWith(': 0\n') && !written.slice(0, -4).includes('\n') ? written.slice(0, -4) : undefined;
    keys.set(key, text);
  }
  return text;
}

/** How the `yaml` package writes a scalar as a block map value (and so as a sequence item). */
function scalarOf(value: unknown): string | undefined {
  if (value !== null && typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return undefined;
  if ((typeof value === 'string' && (value.includes('\n') || value.includes('\r'))) || Object.is(value, -0)) return undefined;
  if (typeof value === 'string' && NAME_LIKE.test(value) && !YAML_11_WORDS.test(value)) return value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  let text = scalars.get(value);
  if (text === undefined && !scalars.has(value)) {
    const written = new (yamlPackage().Document)({ k: value }, DOCUMENT_OPTIONS).toString(WRITE_OPTIONS);
    text = written.startsWith('k: ') && written.indexOf('\n') === written.length - 1 ? written.slice(3, -1) : undefined;
    scalars.set(value, text);
  }
  return text;
}
