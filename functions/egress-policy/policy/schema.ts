/**
 * JSON Schema of ASMEgressTrafficPolicy `spec` and `status`, for v1beta1 and v1 alike.
 * Derived from the API's kubebuilder markers (asm-egress-api.md §6), with `to[].byEgressGateway`
 * optional in both versions: seed 002 writes its auto-assignment example as v1beta1.
 * Unknown fields are rejected (`additionalProperties: false`) so typos are reported with a path.
 * Doc-only rules (protocol values, 32-character gateway names, …) are semantic checks instead.
 */

const port16 = { type: 'integer', minimum: 1, maximum: 65535 } as const;

export const POLICY_SPEC_SCHEMA = {
  $id: 'asm-egress-traffic-policy.spec',
  type: 'object',
  required: ['byEgressGateway', 'egressRules'],
  additionalProperties: false,
  properties: {
    byEgressGateway: { $ref: '#/definitions/ByEgressGateway' },
    egressRules: { type: 'array', minItems: 1, items: { $ref: '#/definitions/EgressRule' } },
  },
  definitions: {
    ByEgressGateway: {
      type: 'object',
      additionalProperties: false,
      properties: { name: { type: 'string' }, port: port16 },
    },
    HttpsUpgrade: {
      type: 'object',
      additionalProperties: false,
      properties: { enabled: { type: 'boolean' }, port: port16 },
    },
    Port: {
      type: 'object',
      additionalProperties: false,
      properties: {
        number: port16,
        protocol: { type: 'string' },
        name: { type: 'string' },
      },
    },
    From: {
      type: 'object',
      additionalProperties: false,
      required: ['namespace'],
      properties: {
        namespace: { type: 'string' },
        workloadSelector: { type: 'object', additionalProperties: { type: 'string' } },
      },
    },
    To: {
      type: 'object',
      additionalProperties: false,
      required: ['hosts', 'port'],
      properties: {
        name: { type: 'string' },
        hosts: { type: 'array', minItems: 1, maxItems: 50, items: { type: 'string' } },
        port: { $ref: '#/definitions/Port' },
        byEgressGateway: { $ref: '#/definitions/ByEgressGateway' },
        httpsUpgrade: { $ref: '#/definitions/HttpsUpgrade' },
      },
    },
    EgressRule: {
      type: 'object',
      additionalProperties: false,
      required: ['from', 'to'],
      properties: {
        name: { type: 'string' },
        from: { type: 'array', minItems: 1, items: { $ref: '#/definitions/From' } },
        to: { type: 'array', minItems: 1, items: { $ref: '#/definitions/To' } },
      },
    },
  },
} as const;

export const POLICY_STATUS_SCHEMA = {
  $id: 'asm-egress-traffic-policy.status',
  type: 'object',
  additionalProperties: false,
  properties: {
    status: { type: 'string' },
    message: { type: 'string' },
    autoAllocatedGatewayPorts: { type: 'object', additionalProperties: port16 },
  },
} as const;
