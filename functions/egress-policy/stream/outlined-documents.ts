/**
 * The documents of a plain YAML stream read by the outline reader (krm/block-outline.ts), the
 * fast path of readPlainStream: each document's data, or undefined when a document is not one
 * the outline takes (anchors, tags, directives, `...`, multi-line scalars and the rest), and the
 * whole stream then goes to the `yaml` package. Documents are counted as `parseAllDocuments`
 * counts them: each `---` starts one, and text before the first `---` is one only if it holds
 * more than comments.
 */
import { composedValue, outlineBlock, outlineValue, resolving } from '../krm/block-outline';

const MARKER = /^---[ \t]*(?:#[^\n]*)?$/;

export function outlinedDocuments(text: string): unknown[] | undefined {
  if (text.charCodeAt(0) === 0xfeff || /^(?:%|\.\.\.)/m.test(text) || /^---[ \t]*[^\s#]/m.test(text)) return undefined;
  const documents: unknown[] = [];
  let start = 0;
  let opened = false;
  while (start <= text.length) {
    const marker = nextMarker(text, start);
    const end = marker?.start ?? text.length;
    const data = documentData(text, start, end);
    if (data === undefined) return undefined;
    if (opened || data.content) documents.push(data.value);
    if (marker === undefined) break;
    start = Math.min(marker.next, text.length);
    opened = true;
  }
  return documents;
}

/** The next `---` line at or after `from`: where it starts and where the line after it does. */
function nextMarker(text: string, from: number): { start: number; next: number } | undefined {
  let pos = from;
  while (pos < text.length) {
    let lineEnd = text.indexOf('\n', pos);
    if (lineEnd === -1) lineEnd = text.length;
    if (text.startsWith('---', pos) && MARKER.test(text.slice(pos, lineEnd).replace(/\r$/, ''))) return { start: pos, next: lineEnd + 1 };
    pos = lineEnd + 1;
  }
  return undefined;
}

/** One document's data; `content` false when it holds only comments and blank lines. */
function documentData(text: string, start: number, end: number): { value: unknown; content: boolean } | undefined {
  let pos = start;
  while (pos < end) {
    let p = pos;
    while (p < end && text.charCodeAt(p) === 32) p++;
    const c = text.charCodeAt(p);
    if (p < end && c !== 10 && c !== 13 && c !== 35) {
      if (p !== pos) return undefined;
      const root = outlineBlock(text, p, 0, end);
      if (root === undefined || root.type !== 'map') return undefined;
      const data = resolving(() => outlineValue(text, root)) ?? composedValue(text.slice(start, end));
      return data === undefined ? undefined : { value: data.value, content: true };
    }
    const lineEnd = text.indexOf('\n', pos);
    if (lineEnd === -1 || lineEnd >= end) break;
    pos = lineEnd + 1;
  }
  return { value: null, content: false };
}
