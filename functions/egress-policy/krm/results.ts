/**
 * Findings become KRM `results` (kyaml fn/framework Result: message, severity, resourceRef,
 * field.path, file.path/index, tags) sorted by file, then severity, then field, so the block is
 * stable from run to run; errors and warnings are also written as one line each for stderr,
 * which is all kustomize shows.
 */
import type { Finding, ResourceId, Severity } from '../policy';

export interface KrmResult {
  message: string;
  severity: Severity;
  resourceRef?: ResourceId;
  field?: { path: string };
  file?: { path: string; index?: number };
  tags: { code: string };
}

export type FileOf = (resource: ResourceId) => { path: string; index?: number } | undefined;

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function toResults(findings: readonly Finding[], fileOf: FileOf): KrmResult[] {
  const results = findings.map((f): KrmResult => {
    const file = f.resource ? fileOf(f.resource) : undefined;
    return {
      message: f.message,
      severity: f.severity,
      ...(f.resource ? { resourceRef: f.resource } : {}),
      ...(f.fieldPath ? { field: { path: f.fieldPath } } : {}),
      ...(file ? { file } : {}),
      tags: { code: f.code },
    };
  });
  const key = (r: KrmResult): Array<string | number> => [
    r.file?.path ?? '',
    r.file?.index ?? -1,
    SEVERITY_RANK[r.severity],
    r.resourceRef ? `${r.resourceRef.namespace ?? ''}/${r.resourceRef.name}` : '',
    r.field?.path ?? '',
    r.tags.code,
    r.message,
  ];
  return results.sort((a, b) => {
    const x = key(a);
    const y = key(b);
    for (let i = 0; i < x.length; i++) {
      if (x[i] !== y[i]) return (x[i] as string | number) < (y[i] as string | number) ? -1 : 1;
    }
    return 0;
  });
}

/** `error UNSUPPORTED_PROTOCOL istio-egress/p (policy.yaml) spec…protocol: message` */
export function resultLine(result: KrmResult): string {
  const ref = result.resourceRef ? ` ${result.resourceRef.kind} ${result.resourceRef.namespace ? `${result.resourceRef.namespace}/` : ''}${result.resourceRef.name}` : '';
  const file = result.file ? ` (${result.file.path})` : '';
  const field = result.field ? ` ${result.field.path}` : '';
  return `${result.severity} ${result.tags.code}${ref}${file}${field}: ${result.message}`;
}
