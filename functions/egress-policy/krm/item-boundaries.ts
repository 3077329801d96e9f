/** Where items begin and end in a ResourceList's text; shared by the full and the fast reader. */

/**
 * Walks back from `end` (a line start) over blank lines and full-line comments whose `#` is at
 * or left of `indent`, never past the line of `floor`, and returns where that run starts: the
 * run introduces what follows. Blank lines that may end a keep-chomped block scalar (`|+`, `>+`)
 * of the item before stay with it unless a comment follows them.
 */
export function startOfLeadingComments(source: string, end: number, floor: number, indent: number): number {
  let start = end;
  let commentStart: number | undefined;
  while (start > 0) {
    const previous = source.lastIndexOf('\n', start - 2) + 1;
    if (previous <= floor) break;
    const line = source.slice(previous, start).replace(/\r?\n$/, '');
    const column = line.length - line.trimStart().length;
    if (line.trim() === '') {
      start = previous;
    } else if (line.trimStart().startsWith('#') && column <= indent) {
      start = previous;
      commentStart = previous;
    } else {
      break;
    }
  }
  const keepsBlankLines = /[|>][0-9]?\+/.test(source.slice(floor, start));
  if (!keepsBlankLines) return start;
  if (commentStart === undefined) return end;
  // Blank lines above the first comment stay with the item before.
  return commentStart;
}

export function lineStart(source: string, offset: number): number {
  return source.lastIndexOf('\n', offset - 1) + 1;
}

export function columnOf(source: string, offset: number): number {
  return offset - lineStart(source, offset);
}
