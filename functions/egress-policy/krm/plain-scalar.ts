/**
 * The value of a plain (unquoted) scalar under the YAML 1.2 core schema, exactly as the `yaml`
 * package resolves it by default: null, booleans, decimal/octal/hex integers, floats, infinities
 * and NaN; anything else is a string. The fast reader uses it instead of composing a Document.
 */

const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOLEAN = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const OCTAL = /^0o[0-7]+$/;
const DECIMAL = /^[-+]?[0-9]+$/;
const HEX = /^0x[0-9a-fA-F]+$/;
const INFINITY_OR_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const EXPONENT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/** Only these first characters can start a non-string value; the rest is a string at once. */
const MAY_BE_TYPED = /^[-+.~0-9NnTtFf]|^$/;

export function plainScalarValue(text: string): string | number | boolean | null {
  if (!MAY_BE_TYPED.test(text)) return text;
  if (NULL.test(text)) return null;
  if (BOOLEAN.test(text)) return text[0] === 't' || text[0] === 'T';
  if (OCTAL.test(text)) return parseInt(text.slice(2), 8);
  if (DECIMAL.test(text)) return parseInt(text, 10);
  if (HEX.test(text)) return parseInt(text.slice(2), 16);
  if (INFINITY_OR_NAN.test(text)) return text.slice(-3).toLowerCase() === 'nan' ? NaN : text[0] === '-' ? -Infinity : Infinity;
  if (EXPONENT.test(text) || FLOAT.test(text)) return parseFloat(text);
  return text;
}

/** True when a plain key resolves to the string it spells (so it is the same JS object key). */
export function isStringKey(text: string): boolean {
  return typeof plainScalarValue(text) === 'string' && text !== '__proto__';
}
