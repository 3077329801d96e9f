/**
 * I/O: the manifests of an Argo CD app's source directory. Every `*.yaml`, `*.yml` and `Kptfile`
 * below it, recursively, in path order; dot-files and dot-directories (`.git`, `.expected`) are
 * skipped, like files outside the app, so what Argo CD renders is what the directory shows.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface AppFile {
  /** Relative to the app directory, `/`-separated. */
  path: string;
  text: string;
}

const MANIFEST = /\.ya?ml$/;

export function readAppFiles(dir: string): AppFile[] {
  const files: AppFile[] = [];
  const walk = (relative: string): void => {
    const entries = readdirSync(join(dir, relative), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && (MANIFEST.test(entry.name) || entry.name === 'Kptfile')) files.push({ path, text: readFileSync(join(dir, path), 'utf8') });
    }
  };
  walk('');
  return files;
}

export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
