/**
 * Plain multi-document YAML streams, as kustomize's legacy plugins and Argo CD speak them, and the
 * ResourceList our function reads. Comments do not survive this path: neither kustomize nor Argo
 * CD keeps them, and what is applied to a cluster has none.
 */
import type { Document } from 'yaml';
import { yamlPackage } from '../yaml-package';
import { readResourceList } from '../krm/read-resource-list';
import { newItemText } from '../krm/item-text';
import { RESOURCE_LIST_KIND } from '../krm/keys';
import { writePlainMap } from '../krm/plain-yaml-writer';
import { outlinedDocuments } from './outlined-documents';
import { withAnnotations } from '../krm/with-annotations';
import { isRecord } from '../policy';

export interface StreamObject {
  data: Record<string, unknown>;
  /** The file the object came from, relative to the app directory, when there is one. */
  path?: string;
  /** The object's position among the documents of that file. */
  index?: number;
}

export interface StreamError {
  message: string;
}

/** Reads every document of `text`; empty and `null` documents are skipped, as kubectl does. */
export function readPlainStream(text: string, name: string): { ok: true; objects: StreamObject[] } | { ok: false; error: StreamError } {
  const read = outlinedDocuments(text) ?? documentsOf(text, name);
  if (!Array.isArray(read)) return read;
  const objects: StreamObject[] = [];
  for (const [index, data] of read.entries()) {
    if (data === null || data === undefined) continue;
    if (!isRecord(data) || typeof data.apiVersion !== 'string' || typeof data.kind !== 'string') {
      return { ok: false, error: { message: `${name}: document ${index + 1} is not a Kubernetes object (it needs apiVersion and kind)` } };
    }
    objects.push({ data, index });
  }
  return { ok: true, objects };
}

/** The full path: every document composed by the `yaml` package, or its first error. */
function documentsOf(text: string, name: string): unknown[] | { ok: false; error: StreamError } {
  const values: unknown[] = [];
  const documents = yamlPackage().parseAllDocuments(text, { prettyErrors: true });
  for (const document of Array.isArray(documents) ? documents : []) {
    const error = document.errors[0];
    if (error) {
      const where = error.linePos ? `${name}:${error.linePos[0].line}:${error.linePos[0].col}` : name;
      return { ok: false, error: { message: `${where}: ${firstLine(error.message)}` } };
    }
    values.push(document.toJS());
  }
  return values;
}

/** A ResourceList holding the objects, with kpt's path annotations where a file is known. */
export function toResourceList(objects: readonly StreamObject[], functionConfig?: unknown): string {
  const items = objects.map(({ data, path, index }) => (path === undefined ? data : withAnnotations(data, {
    'config.kubernetes.io/path': path,
    'config.kubernetes.io/index': String(index ?? 0),
    'internal.config.kubernetes.io/path': path,
    'internal.config.kubernetes.io/index': String(index ?? 0),
  })));
  const head = `apiVersion: config.kubernetes.io/v1\nkind: ${RESOURCE_LIST_KIND}\n`;
  const config = functionConfig === undefined ? '' : newDocument({ functionConfig }).toString({ lineWidth: 0 });
  return `${head}${items.length === 0 ? 'items: []\n' : `items:\n${items.map((item) => newItemText(item, 0, '\n')).join('')}`}${config}`;
}

/** The `items` of a ResourceList our function wrote (read like the function's input: fast path first). */
export function itemsOf(resourceListText: string): Record<string, unknown>[] {
  const read = readResourceList(resourceListText);
  if (!read.ok) return [];
  return read.value.items.map((item) => item.data).filter(isRecord);
}

export function writePlainStream(objects: readonly Record<string, unknown>[]): string {
  return objects.map((object) => writePlainMap(object, { indentSeq: true }) ?? newDocument(object).toString({ lineWidth: 0 })).join('---\n');
}

/** YAML 1.1 quoting, so `yes`, `on` and `0777` stay strings for every reader downstream. */
function newDocument(value: unknown): Document {
  return new (yamlPackage().Document)(value, { version: '1.1', aliasDuplicateObjects: false });
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
