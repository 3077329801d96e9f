/**
 * The ResourceList form: what `kpt fn eval` pipes into an exec function, with kpt's
 * annotations on the files the workload marks.
 */
import { withKptAnnotations } from './kpt-annotations.ts';
import type { Workload } from './workload.ts';
import { seqItemLines } from './yaml-lines.ts';

const HEADER = 'apiVersion: config.kubernetes.io/v1\nkind: ResourceList\n';

export const EMPTY_RESOURCE_LIST = `${HEADER}items: []\n`;

export function renderResourceList(workload: Workload): string {
  const parts: string[] = [];
  let position = 0;
  for (const file of workload.files) {
    file.documents.forEach((document, indexInFile) => {
      const item = file.kptAnnotated ? withKptAnnotations(document, { file: file.path, indexInFile, position }) : document;
      parts.push(`${seqItemLines(item, '').join('\n')}\n`);
      position++;
    });
  }
  return parts.length === 0 ? EMPTY_RESOURCE_LIST : `${HEADER}items:\n${parts.join('')}`;
}
