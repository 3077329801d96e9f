/** The plain multi-document form (what kustomize and Argo CD plugins read): no kpt annotations. */
import type { Workload } from './workload.ts';
import { mapLines } from './yaml-lines.ts';

export function renderStream(workload: Workload): string {
  const documents = workload.files.flatMap((file) => file.documents.map((document) => `${mapLines(document, '').join('\n')}\n`));
  return documents.join('---\n');
}
