// Offline check of generated objects against the schemas the cluster publishes for them.
//
// Source: test/schemas/published-schemas.json (provenance in test/schemas/README.md):
//   - crds["<group>/<version>/<Kind>"]: openAPIV3Schema of the Istio 1.24.6 CRDs and the
//     Gateway API v1.2.1 Gateway CRD;
//   - kubernetes.roots / kubernetes.definitions: Kubernetes 1.31 OpenAPI v2 definitions.
//
// What this reproduces (and what it does not):
//   - Structural-schema field checking: an object node that lists `properties` and has neither
//     `additionalProperties` nor `x-kubernetes-preserve-unknown-fields` rejects unknown fields
//     (kubectl/server-side strict field validation, Istio's webhook). Kubernetes built-in kinds are
//     closed the same way.
//   - `x-kubernetes-int-or-string` / IntOrString / Quantity accept integer (number) or string
//     (the vendored file already spells them as `anyOf`).
//   - metadata: validated as ObjectMeta (closed) plus the apimachinery name/label/annotation rules.
//   - NOT run: CEL `x-kubernetes-validations`. The Istio-specific ones that matter for generated
//     objects are re-implemented in ./istio-webhook-rules.ts together with the webhook checks.
//
// Loader adjustments to the vendored JSON (each is needed to match what the API server does; see
// test/schemas/README.md):
//   1. CRD roots get `apiVersion`, `kind` (strings) and `metadata` (ObjectMeta). The API server
//      always accepts them; the vendored roots are closed but do not list them.
//   2. Istio CRD root `status` stays open: upstream marks it `x-kubernetes-preserve-unknown-fields`
//      (the marker is not in the vendored copy).
//   3. `additionalProperties` is removed under allOf/anyOf/oneOf/not. Structural schemas forbid it
//      there (those branches are value validations only). The vendored Gateway API
//      `spec.addresses[]` oneOf branches carry it, which would reject every `Hostname` address.
//   4. Remaining object nodes with `properties` but no `additionalProperties` are closed.
//
// Input objects are never mutated: ajv runs without useDefaults/removeAdditional/coerceTypes.

import { readFileSync } from 'node:fs';
import { isIPv4, isIPv6 } from 'node:net';
import * as path from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface PublishedSchemas {
  sources: Record<string, string>;
  crds: Record<string, JsonObject>;
  kubernetes: { roots: Record<string, string>; definitions: Record<string, JsonObject> };
}

interface KindEntry {
  /** Key as written in published-schemas.json, e.g. "networking.istio.io/v1/ServiceEntry". */
  key: string;
  apiVersion: string;
  kind: string;
  source: 'crd' | 'kubernetes';
}

export const SCHEMA_FILE = path.join(__dirname, '..', 'schemas', 'published-schemas.json');
const K8S_DEFS_ID = 'k8s-definitions.json';
const OBJECT_META_DEF = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const OBJECT_META_REF = `${K8S_DEFS_ID}#/definitions/${OBJECT_META_DEF}`;
const COMBINATORS = ['allOf', 'anyOf', 'oneOf', 'not'] as const;

let published: PublishedSchemas | undefined;
let kindIndex: Map<string, KindEntry> | undefined;
let ajvInstance: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function loadPublished(): PublishedSchemas {
  if (published === undefined) {
    const parsed: unknown = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'));
    if (!isObject(parsed) || !isObject(parsed.crds) || !isObject(parsed.kubernetes)) {
      throw new Error(`${SCHEMA_FILE}: unexpected layout (want sources, crds, kubernetes)`);
    }
    published = parsed as unknown as PublishedSchemas;
  }
  return published;
}

function indexKey(apiVersion: string, kind: string): string {
  return `${apiVersion}\u0000${kind}`;
}

/** "networking.istio.io/v1/ServiceEntry" -> { apiVersion: "networking.istio.io/v1", kind: "ServiceEntry" } */
function splitKey(key: string): { apiVersion: string; kind: string } {
  const slash = key.lastIndexOf('/');
  if (slash <= 0) throw new Error(`malformed schema key ${JSON.stringify(key)}`);
  return { apiVersion: key.slice(0, slash), kind: key.slice(slash + 1) };
}

function getKindIndex(): Map<string, KindEntry> {
  if (kindIndex === undefined) {
    const data = loadPublished();
    const index = new Map<string, KindEntry>();
    for (const key of Object.keys(data.crds)) {
      const { apiVersion, kind } = splitKey(key);
      index.set(indexKey(apiVersion, kind), { key, apiVersion, kind, source: 'crd' });
    }
    for (const key of Object.keys(data.kubernetes.roots)) {
      const { apiVersion, kind } = splitKey(key);
      index.set(indexKey(apiVersion, kind), { key, apiVersion, kind, source: 'kubernetes' });
    }
    kindIndex = index;
  }
  return kindIndex;
}

/**
 * Known kinds as "<apiVersion>/<Kind>" (the keys of published-schemas.json), sorted,
 * e.g. "networking.istio.io/v1/ServiceEntry", "v1/Service", "apps/v1/Deployment".
 */
export function listKnownKinds(): string[] {
  return [...getKindIndex().values()].map((entry) => entry.key).sort();
}

// ---------------------------------------------------------------------------------------------
// Schema normalisation (works on deep copies; the loaded JSON is left as read)
// ---------------------------------------------------------------------------------------------

function cloneJson<T>(value: T): T {
  return structuredClone(value);
}

/** Removes additionalProperties anywhere inside a combinator branch (loader adjustment 3). */
function stripAdditionalProperties(node: Json): void {
  if (Array.isArray(node)) {
    for (const item of node) stripAdditionalProperties(item);
    return;
  }
  if (!isObject(node)) return;
  delete node.additionalProperties;
  for (const value of Object.values(node)) stripAdditionalProperties(value);
}

/**
 * Closes structural object nodes (loader adjustment 4) and strips additionalProperties from
 * combinator branches (adjustment 3). `openPaths` lists JSON-pointer-ish paths left open
 * (adjustment 2).
 */
function closeStructuralObjects(node: Json, at: string, openPaths: ReadonlySet<string>): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => closeStructuralObjects(item, `${at}/${i}`, openPaths));
    return;
  }
  if (!isObject(node)) return;

  for (const combinator of COMBINATORS) {
    const branch = node[combinator];
    if (branch !== undefined) stripAdditionalProperties(branch);
  }

  if (
    isObject(node.properties) &&
    node.additionalProperties === undefined &&
    node['x-kubernetes-preserve-unknown-fields'] !== true &&
    !openPaths.has(at)
  ) {
    node.additionalProperties = false;
  }

  if (isObject(node.properties)) {
    for (const [name, child] of Object.entries(node.properties)) {
      closeStructuralObjects(child, `${at}/properties/${name}`, openPaths);
    }
  }
  if (node.items !== undefined) closeStructuralObjects(node.items, `${at}/items`, openPaths);
  if (isObject(node.additionalProperties)) {
    closeStructuralObjects(node.additionalProperties, `${at}/additionalProperties`, openPaths);
  }
  if (isObject(node.definitions)) {
    for (const [name, child] of Object.entries(node.definitions)) {
      closeStructuralObjects(child, `${at}/definitions/${name}`, openPaths);
    }
  }
}

function buildCrdSchema(entry: KindEntry): JsonObject {
  const schema = cloneJson(loadPublished().crds[entry.key]);
  if (schema === undefined) throw new Error(`no CRD schema for ${entry.key}`);
  const properties = isObject(schema.properties) ? (schema.properties as JsonObject) : {};
  // Adjustment 1: the API server always accepts these at the root of a custom resource.
  schema.properties = {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { $ref: OBJECT_META_REF },
    ...properties,
  };
  // Adjustment 2: Istio's status is x-kubernetes-preserve-unknown-fields upstream.
  const openPaths = new Set<string>();
  const group = entry.apiVersion.split('/')[0] ?? '';
  if (group.endsWith('.istio.io')) openPaths.add('#/properties/status');
  closeStructuralObjects(schema, '#', openPaths);
  return schema;
}

// ---------------------------------------------------------------------------------------------
// ajv
// ---------------------------------------------------------------------------------------------

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
// RFC 3339 date-time as used by metav1.Time.
const DATE_TIME =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[Tt]([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

const FORMATS: Record<string, Parameters<Ajv['addFormat']>[1]> = {
  int32: { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= INT32_MIN && n <= INT32_MAX },
  int64: { type: 'number', validate: (n: number) => Number.isInteger(n) },
  double: { type: 'number', validate: (n: number) => Number.isFinite(n) },
  float: { type: 'number', validate: (n: number) => Number.isFinite(n) },
  'date-time': { type: 'string', validate: (s: string) => DATE_TIME.test(s) },
  byte: { type: 'string', validate: (s: string) => BASE64.test(s) },
  binary: { type: 'string', validate: () => true },
  ipv4: { type: 'string', validate: (s: string) => isIPv4(s) },
  ipv6: { type: 'string', validate: (s: string) => isIPv6(s) },
};

/** Fails loudly if the schemas use a format this file does not implement (ajv would skip it). */
function assertFormatsKnown(node: Json, where: string): void {
  if (Array.isArray(node)) {
    for (const item of node) assertFormatsKnown(item, where);
    return;
  }
  if (!isObject(node)) return;
  if (typeof node.format === 'string' && !(node.format in FORMATS)) {
    throw new Error(`${where}: schema uses format "${node.format}" with no implementation in ${__filename}`);
  }
  for (const value of Object.values(node)) assertFormatsKnown(value, where);
}

function getAjv(): Ajv {
  if (ajvInstance === undefined) {
    const data = loadPublished();
    // strict:false because the vendored schemas carry Kubernetes extension keywords
    // (x-kubernetes-validations) and OpenAPI's `nullable`. No defaults, no coercion, no removal.
    const ajv = new Ajv({
      strict: false,
      allErrors: true,
      useDefaults: false,
      coerceTypes: false,
      removeAdditional: false,
      validateFormats: true,
    });
    for (const [name, format] of Object.entries(FORMATS)) ajv.addFormat(name, format);

    const definitions = cloneJson(data.kubernetes.definitions) as unknown as Json;
    closeStructuralObjects(definitions, '#/definitions', new Set());
    assertFormatsKnown(definitions, 'kubernetes.definitions');
    ajv.addSchema({ $id: K8S_DEFS_ID, definitions: definitions as JsonObject });
    ajvInstance = ajv;
  }
  return ajvInstance;
}

function getValidator(entry: KindEntry): ValidateFunction {
  let validate = compiled.get(entry.key);
  if (validate === undefined) {
    const ajv = getAjv();
    let schema: JsonObject;
    if (entry.source === 'crd') {
      schema = buildCrdSchema(entry);
      assertFormatsKnown(schema, entry.key);
    } else {
      const root = loadPublished().kubernetes.roots[entry.key];
      if (root === undefined) throw new Error(`no Kubernetes root for ${entry.key}`);
      schema = { $ref: `${K8S_DEFS_ID}#/definitions/${root}` };
    }
    validate = ajv.compile(schema);
    compiled.set(entry.key, validate);
  }
  return validate;
}

function formatAjvError(error: ErrorObject): string {
  const at = error.instancePath === '' ? '/' : error.instancePath;
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `${at}: unknown field ${JSON.stringify(params.additionalProperty)}`;
    case 'required':
      return `${at}: missing required field ${JSON.stringify(params.missingProperty)}`;
    case 'enum':
      return `${at}: must be one of ${JSON.stringify(params.allowedValues)}`;
    case 'type':
      return `${at}: must be ${String(params.type)}`;
    case 'format':
      return `${at}: must match format ${JSON.stringify(params.format)}`;
    default:
      return `${at}: ${error.message ?? error.keyword}`;
  }
}

// ---------------------------------------------------------------------------------------------
// metadata (apimachinery ValidateObjectMeta subset, k8s.io/apimachinery/pkg/util/validation)
// ---------------------------------------------------------------------------------------------

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

export function isDNS1123Subdomain(value: string): boolean {
  return value.length <= 253 && DNS1123_SUBDOMAIN.test(value);
}

export function isDNS1123Label(value: string): boolean {
  return value.length <= 63 && DNS1123_LABEL.test(value);
}

function isDNS1035Label(value: string): boolean {
  return value.length <= 63 && DNS1035_LABEL.test(value);
}

/** IsQualifiedName: "[prefix/]name", prefix a DNS-1123 subdomain, name <= 63 chars. */
export function qualifiedNameProblem(key: string): string | undefined {
  const parts = key.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0] ?? '';
  } else if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    name = parts[1] ?? '';
    if (prefix.length === 0) return 'prefix part must be non-empty';
    if (!isDNS1123Subdomain(prefix)) return `prefix part ${JSON.stringify(prefix)} must be a DNS-1123 subdomain (<= 253 chars)`;
  } else {
    return "must consist of an optional DNS subdomain prefix and '/' and a name";
  }
  if (name.length === 0) return 'name part must be non-empty';
  if (name.length > 63) return 'name part must be no more than 63 characters';
  if (!QUALIFIED_NAME.test(name)) {
    return "name part must consist of alphanumerics, '-', '_' or '.', and start and end with an alphanumeric";
  }
  return undefined;
}

export function labelValueProblem(value: string): string | undefined {
  if (value.length > 63) return 'must be no more than 63 characters';
  if (!LABEL_VALUE.test(value)) {
    return "must be empty or consist of alphanumerics, '-', '_' or '.', and start and end with an alphanumeric";
  }
  return undefined;
}

function validateMetadata(kind: string, metadata: unknown): string[] {
  const errors: string[] = [];
  if (!isObject(metadata)) return ['/metadata: must be an object with at least a name'];

  const name = metadata.name;
  if (name === undefined || name === '') {
    errors.push('/metadata/name: required');
  } else if (typeof name === 'string') {
    // Service names are DNS-1035 labels (ValidateServiceName), Namespace names DNS-1123 labels
    // (ValidateNamespaceName); everything else here accepts a DNS-1123 subdomain.
    if (kind === 'Service' && !isDNS1035Label(name)) {
      errors.push(`/metadata/name: ${JSON.stringify(name)} must be a DNS-1035 label (<= 63 chars, [a-z]([-a-z0-9]*[a-z0-9])?)`);
    } else if (kind === 'Namespace' && !isDNS1123Label(name)) {
      errors.push(`/metadata/name: ${JSON.stringify(name)} must be a DNS-1123 label (<= 63 chars)`);
    } else if (!isDNS1123Subdomain(name)) {
      errors.push(`/metadata/name: ${JSON.stringify(name)} must be a DNS-1123 subdomain (<= 253 chars, lower case alphanumerics, '-' and '.')`);
    }
  }

  const namespace = metadata.namespace;
  if (typeof namespace === 'string' && namespace !== '' && !isDNS1123Label(namespace)) {
    errors.push(`/metadata/namespace: ${JSON.stringify(namespace)} must be a DNS-1123 label (<= 63 chars)`);
  }

  const labels = metadata.labels;
  if (isObject(labels)) {
    for (const [key, value] of Object.entries(labels)) {
      const keyProblem = qualifiedNameProblem(key);
      if (keyProblem !== undefined) errors.push(`/metadata/labels: key ${JSON.stringify(key)}: ${keyProblem}`);
      if (typeof value === 'string') {
        const valueProblem = labelValueProblem(value);
        if (valueProblem !== undefined) errors.push(`/metadata/labels/${key}: value ${JSON.stringify(value)} ${valueProblem}`);
      }
    }
  }

  const annotations = metadata.annotations;
  if (isObject(annotations)) {
    let total = 0;
    for (const [key, value] of Object.entries(annotations)) {
      const keyProblem = qualifiedNameProblem(key.toLowerCase());
      if (keyProblem !== undefined) errors.push(`/metadata/annotations: key ${JSON.stringify(key)}: ${keyProblem}`);
      total += Buffer.byteLength(key) + (typeof value === 'string' ? Buffer.byteLength(value) : 0);
    }
    if (total > TOTAL_ANNOTATION_SIZE_LIMIT) {
      errors.push(`/metadata/annotations: total size ${total} exceeds ${TOTAL_ANNOTATION_SIZE_LIMIT} bytes`);
    }
  }
  return errors;
}

// ---------------------------------------------------------------------------------------------
// public entry point
// ---------------------------------------------------------------------------------------------

/**
 * Validates one Kubernetes object against its published schema plus the metadata rules.
 * Returns human-readable errors ("<Kind> <name>: <path>: <problem>"); empty means valid.
 */
export function validatePublished(obj: unknown): string[] {
  if (!isObject(obj)) return ['object: must be a JSON object with apiVersion and kind'];
  const { apiVersion, kind } = obj;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || apiVersion === '' || kind === '') {
    return [`object: apiVersion and kind must be non-empty strings (got apiVersion=${JSON.stringify(apiVersion)}, kind=${JSON.stringify(kind)})`];
  }
  const entry = getKindIndex().get(indexKey(apiVersion, kind));
  if (entry === undefined) {
    return [`${apiVersion}/${kind}: unknown apiVersion/kind, no published schema (known: ${listKnownKinds().join(', ')})`];
  }

  const validate = getValidator(entry);
  const problems: string[] = [];
  if (!validate(obj)) {
    for (const error of validate.errors ?? []) problems.push(formatAjvError(error));
  }
  problems.push(...validateMetadata(kind, obj.metadata));

  const metadata = isObject(obj.metadata) ? obj.metadata : {};
  const label = `${kind} ${typeof metadata.name === 'string' && metadata.name !== '' ? metadata.name : '<unnamed>'}`;
  return [...new Set(problems)].map((problem) => `${label}: ${problem}`);
}
