/**
 * JSON Schema of ASMEgressTrafficPolicy `spec` and `status`, for v1beta1 and v1 alike: the one
 * source for validation in the function (compiled at build time into standalone code,
 * `policy/generated/policy-validators.js`), the CRD shipped in `crd/` (a structural
 * openAPIV3Schema generated from it) and the field table in `docs/policy-fields.md`.
 * `npm run generate` rewrites all three; a test fails when one is stale.
 *
 * Derived from the API's kubebuilder markers (asm-egress-api.md §6), with `to[].byEgressGateway`
 * optional in both versions: seed 002 writes its auto-assignment example as v1beta1.
 * Unknown fields are rejected (`additionalProperties: false`) so typos are reported with a path.
 * Doc-only rules (protocol values, 32-character gateway names, …) are semantic checks instead.
 */

const port16 = (description: string) => ({ type: 'integer', minimum: 1, maximum: 65535, description }) as const;

export const POLICY_SPEC_SCHEMA = {
  $id: 'asm-egress-traffic-policy.spec',
  type: 'object',
  description: 'Which workloads may reach which external hosts, through which egress gateway.',
  required: ['byEgressGateway', 'egressRules'],
  additionalProperties: false,
  properties: {
    byEgressGateway: { $ref: '#/definitions/ByEgressGateway' },
    egressRules: { type: 'array', minItems: 1, description: 'The rules; each lets its sources reach its destinations.', items: { $ref: '#/definitions/EgressRule' } },
  },
  definitions: {
    ByEgressGateway: {
      type: 'object',
      description: 'The egress gateway. At spec level: its name (32 characters at most). In a `to` entry: the gateway port for that entry.',
      additionalProperties: false,
      properties: {
        name: { type: 'string', description: 'Name of the egress gateway (a DNS-1123 label of 32 characters at most). Spec level only; ignored in a `to` entry.' },
        port: port16('Gateway port of a `to` entry: the gateway listens on it and sidecars send to it. Set it on every entry or on none (automatic ports). Ignored at spec level.'),
      },
    },
    HttpsUpgrade: {
      type: 'object',
      description: 'Upgrade plain HTTP from the workload to HTTPS at the gateway (HTTP entries only).',
      additionalProperties: false,
      properties: {
        enabled: { type: 'boolean', description: 'Originate TLS at the gateway.' },
        port: port16('HTTPS port of the external host; 443 when unset.'),
      },
    },
    Port: {
      type: 'object',
      description: 'The port the workload calls.',
      additionalProperties: false,
      properties: {
        number: port16('Port number the workload calls.'),
        protocol: { type: 'string', description: 'HTTP, HTTPS or TCP (also HTTP2, GRPC, GRPC-WEB, TLS, MONGO); case-insensitive.' },
        name: { type: 'string', description: 'Port name in the ServiceEntry.' },
      },
    },
    From: {
      type: 'object',
      description: 'A source: a namespace, optionally narrowed to the pods a label selector matches.',
      additionalProperties: false,
      required: ['namespace'],
      properties: {
        namespace: { type: 'string', description: 'Namespace of the source workloads.' },
        workloadSelector: { type: 'object', description: 'Pod labels; absent means every workload of the namespace.', additionalProperties: { type: 'string' } },
      },
    },
    To: {
      type: 'object',
      description: 'A destination: hosts on one port.',
      additionalProperties: false,
      required: ['hosts', 'port'],
      properties: {
        name: { type: 'string', description: 'Name of the entry, unique in the policy.' },
        hosts: { type: 'array', minItems: 1, maxItems: 50, description: 'DNS names, or one IP address (TCP only).', items: { type: 'string' } },
        port: { $ref: '#/definitions/Port' },
        byEgressGateway: { $ref: '#/definitions/ByEgressGateway' },
        httpsUpgrade: { $ref: '#/definitions/HttpsUpgrade' },
      },
    },
    EgressRule: {
      type: 'object',
      description: 'Sources and the destinations they may reach.',
      additionalProperties: false,
      required: ['from', 'to'],
      properties: {
        name: { type: 'string', description: 'Name of the rule; part of route names.' },
        from: { type: 'array', minItems: 1, description: 'The sources.', items: { $ref: '#/definitions/From' } },
        to: { type: 'array', minItems: 1, description: 'The destinations.', items: { $ref: '#/definitions/To' } },
      },
    },
  },
} as const;

export const POLICY_STATUS_SCHEMA = {
  $id: 'asm-egress-traffic-policy.status',
  type: 'object',
  description: 'Written by the function (and by ASM): gateway ports it assigned.',
  additionalProperties: false,
  properties: {
    status: { type: 'string', description: 'Set by ASM; not written by this function.' },
    message: { type: 'string', description: 'Set by ASM; not written by this function.' },
    autoAllocatedGatewayPorts: { type: 'object', description: 'Automatically assigned gateway ports by `<hosts[0]>-<port>` key; kept on later runs.', additionalProperties: port16('An assigned gateway port.') },
  },
} as const;
