/**
 * The apps of a workload: each is a bundle of up to three resources (Deployment, Service,
 * ConfigMap) in one file, and its Deployment is a workload that policies can name as a source.
 */
import type { Random } from './random.ts';
import { APP_WORDS, COMPONENTS, SYSTEMS } from './vocabulary.ts';

export const RESOURCES_PER_APP = 3;
export const RESOURCES_PER_NAMESPACE = 150;

export interface App {
  name: string;
  namespace: string;
  system: string;
  component: string;
  /** The bundle's file in a package: `<namespace>/<name>.yaml`. */
  file: string;
  /** 1 to 3: the last app of a workload may be cut short to hit the exact resource count. */
  resourceCount: number;
}

/** A workload a policy can select: one Deployment's namespace and `app` label. */
export interface SourceWorkload {
  namespace: string;
  app: string;
}

export function planApps(resourceCount: number, random: Random): App[] {
  const appCount = Math.ceil(resourceCount / RESOURCES_PER_APP);
  const namespaceCount = Math.max(1, Math.ceil(resourceCount / RESOURCES_PER_NAMESPACE));
  return Array.from({ length: appCount }, (_, index) => {
    const namespace = namespaceName(index % namespaceCount);
    const name = `${APP_WORDS[index % APP_WORDS.length]}-${String(index).padStart(5, '0')}`;
    return {
      name,
      namespace,
      system: random.pick(SYSTEMS),
      component: random.pick(COMPONENTS),
      file: `${namespace}/${name}.yaml`,
      resourceCount: Math.min(RESOURCES_PER_APP, resourceCount - index * RESOURCES_PER_APP),
    };
  });
}

export function sourceWorkloads(apps: readonly App[]): SourceWorkload[] {
  return apps.map((app) => ({ namespace: app.namespace, app: app.name }));
}

function namespaceName(index: number): string {
  return `tenant-${String(index + 1).padStart(3, '0')}`;
}
