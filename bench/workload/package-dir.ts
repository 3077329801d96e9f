/**
 * The kpt package form: a Kptfile and one file per app bundle and per policy, as people keep
 * them in git. kpt adds its own annotations when it reads the package, so the files carry none.
 */
import type { Workload } from './workload.ts';
import { mapLines } from './yaml-lines.ts';

export interface PackageFile {
  path: string;
  text: string;
}

export function packageFiles(workload: Workload, packageName: string): PackageFile[] {
  const { resources, policies, seed } = workload.spec;
  const kptfile = [
    'apiVersion: kpt.dev/v1',
    'kind: Kptfile',
    'metadata:',
    `  name: ${packageName}`,
    '  annotations:',
    '    config.kubernetes.io/local-config: "true"',
    'info:',
    `  description: egress-policy benchmark workload, ${resources} resources and ${policies} policies (seed ${seed})`,
    '',
  ].join('\n');
  return [
    { path: 'Kptfile', text: kptfile },
    ...workload.files.map((file) => ({
      path: file.path,
      text: file.documents.map((document) => `${mapLines(document, '').join('\n')}\n`).join('---\n'),
    })),
  ];
}
