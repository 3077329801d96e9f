/**
 * Plain multi-document YAML streams, as kustomize's legacy plugins and Argo CD speak them, and the
 * ResourceList our function reads. Comments do not survive this path: neither kustomize nor Argo
 * CD keeps them, and what is applied to a cluster has none.
 */
import { Document, parse, parseAllDocuments } from 'yaml';
import { RESOURCE_LIST_KIND } from '../krm/keys';
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
  const objects: StreamObject[] = [];
  const documents = parseAllDocuments(text, { prettyErrors: true });
  const list = Array.isArray(documents) ? documents : [];
  for (const [index, document] of list.entries()) {
    const error = document.errors[0];
    if (error) {
      const where = error.linePos ? `${name}:${error.linePos[0].line}:${error.linePos[0].col}` : name;
      return { ok: false, error: { message: `${where}: ${firstLine(error.message)}` } };
    }
    const data: unknown = document.toJS();
    if (data === null || data === undefined) continue;
    if (!isRecord(data) || typeof data.apiVersion !== 'string' || typeof data.kind !== 'string') {
      return { ok: false, error: { message: `${name}: document ${index + 1} is not a Kubernetes object (it needs apiVersion and kind)` } };
    }
    objects.push({ data, index });
  }
  return { ok: true, objects };
}

/** A ResourceList holding the objects, with kpt's path annotations where a file is known. */
export function toResourceList(objects: readonly StreamObject[], functionConfig?: unknown): string {
  const items = objects.map(({ data, path, index }) => (path === undefined ? data : withAnnotations(data, {
    'config.kubernetes.io/path': path,
    'config.kubernetes.io/index': String(index ?? 0),
    'internal.config.kubernetes.io/path': path,
    'internal.config.kubernetes.io/index': String(index ?? 0),
  })));
  const list = { apiVersion: 'config.kubernetes.io/v1', kind: RESOURCE_LIST_KIND, items, ...(functionConfig === undefined ? {} : { functionConfig }) };
  return newDocument(list).toString({ lineWidth: 0 });
}

/** The `items` of a ResourceList our function wrote. */
export function itemsOf(resourceListText: string): Record<string, unknown>[] {
  const list: unknown = parse(resourceListText);
  const items = isRecord(list) && Array.isArray(list.items) ? list.items : [];
  return items.filter(isRecord);
}

export function writePlainStream(objects: readonly Record<string, unknown>[]): string {
  return objects.map((object) => newDocument(object).toString({ lineWidth: 0 })).join('---\n');
}

/** YAML 1.1 quoting, so `yes`, `on` and `0777` stay strings for every reader downstream. */
function newDocument(value: unknown): Document {
  return new Document(value, { version: '1.1', aliasDuplicateObjects: false });
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
