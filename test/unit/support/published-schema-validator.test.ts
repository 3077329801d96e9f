import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { listKnownKinds, validatePublished } from '../../support/published-schema-validator.ts';
import { type AnyObj, destinationRule, gateway, mutated, serviceEntry, virtualService } from '../../support/istio-fixtures.ts';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

function assertRejected(errors: string[], pattern: RegExp): void {
  assert.ok(errors.length > 0, `expected errors matching ${pattern}, got none`);
  assert.ok(
    errors.some((e) => pattern.test(e)),
    `expected an error matching ${pattern}; got:\n  ${errors.join('\n  ')}`,
  );
}

describe('validatePublished: valid egress objects', () => {
  for (const [name, build] of [
    ['ServiceEntry', serviceEntry],
    ['Gateway', gateway],
    ['VirtualService', virtualService],
    ['DestinationRule', destinationRule],
  ] as const) {
    for (const version of ['v1', 'v1beta1', 'v1alpha3']) {
      it(`accepts a realistic ${name} (networking.istio.io/${version})`, () => {
        const obj = mutated(build(), (o) => {
          o.apiVersion = `networking.istio.io/${version}`;
        });
        assert.deepEqual(validatePublished(obj), []);
      });
    }
  }

  it('accepts a VirtualService HTTP route with directResponse (present in the 1.24 schema)', () => {
    const vs = mutated(virtualService(), (o) => {
      o.spec.http.push({ name: 'deny', directResponse: { status: 403, body: { string: 'denied by egress policy' } } });
    });
    assert.deepEqual(validatePublished(vs), []);
  });

  it('accepts an AuthorizationPolicy (security.istio.io/v1)', () => {
    const ap = {
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: 'egress-allow', namespace: 'istio-egress' },
      spec: {
        selector: { matchLabels: { istio: 'egressgateway' } },
        action: 'ALLOW',
        rules: [{ from: [{ source: { namespaces: ['team-a'] } }], to: [{ operation: { hosts: ['httpbin.org'], ports: ['80'] } }] }],
      },
    };
    assert.deepEqual(validatePublished(ap), []);
  });

  it('accepts an Istio Sidecar restricting egress', () => {
    const sidecar = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'Sidecar',
      metadata: { name: 'default', namespace: 'team-a' },
      spec: { egress: [{ hosts: ['./*', 'istio-system/*'] }], outboundTrafficPolicy: { mode: 'REGISTRY_ONLY' } },
    };
    assert.deepEqual(validatePublished(sidecar), []);
  });

  it('leaves Istio status open (upstream x-kubernetes-preserve-unknown-fields)', () => {
    const se = mutated(serviceEntry(), (o) => {
      o.status = { observedGeneration: 1, somethingIstioAddsLater: { a: 1 } };
    });
    assert.deepEqual(validatePublished(se), []);
  });
});

describe('validatePublished: Istio schema violations', () => {
  it('rejects an unknown field under spec', () => {
    const errors = validatePublished(mutated(serviceEntry(), (o) => { o.spec.endpointz = []; }));
    assertRejected(errors, /ServiceEntry httpbin-org: \/spec: unknown field "endpointz"/);
  });

  it('rejects an unknown field deep inside spec (Gateway server tls)', () => {
    const errors = validatePublished(mutated(gateway(), (o) => { o.spec.servers[0].tls.sni = 'httpbin.org'; }));
    assertRejected(errors, /\/spec\/servers\/0\/tls: unknown field "sni"/);
  });

  it('rejects an unknown top-level field', () => {
    const errors = validatePublished(mutated(destinationRule(), (o) => { o.data = {}; }));
    assertRejected(errors, /DestinationRule egressgateway-for-httpbin: \/: unknown field "data"/);
  });

  it('rejects a wrong type (port number as string)', () => {
    const errors = validatePublished(mutated(serviceEntry(), (o) => { o.spec.ports[0].number = '80'; }));
    assertRejected(errors, /\/spec\/ports\/0\/number: must be integer/);
  });

  it('rejects a wrong type (hosts as a string instead of a list)', () => {
    const errors = validatePublished(mutated(virtualService(), (o) => { o.spec.hosts = 'httpbin.org'; }));
    assertRejected(errors, /\/spec\/hosts: must be array/);
  });

  it('rejects a value outside the enum (resolution)', () => {
    const errors = validatePublished(mutated(serviceEntry(), (o) => { o.spec.resolution = 'DNS_ONLY'; }));
    assertRejected(errors, /\/spec\/resolution: must be one of/);
  });

  it('rejects a missing required field (ServiceEntry hosts, port name)', () => {
    const errors = validatePublished(mutated(serviceEntry(), (o) => {
      delete o.spec.hosts;
      delete o.spec.ports[0].name;
    }));
    assertRejected(errors, /\/spec: missing required field "hosts"/);
    assertRejected(errors, /\/spec\/ports\/0: missing required field "name"/);
  });

  it('rejects a ServiceEntry without spec (required at the root)', () => {
    const errors = validatePublished(mutated(serviceEntry(), (o) => { delete o.spec; }));
    assertRejected(errors, /: \/: missing required field "spec"/);
  });

  it('rejects an int32 overflow (route weight)', () => {
    const errors = validatePublished(mutated(virtualService(), (o) => { o.spec.http[0].route[0].weight = 2 ** 31; }));
    assertRejected(errors, /\/spec\/http\/0\/route\/0\/weight: must match format "int32"/);
  });

  it('rejects exportTo on a Gateway (no such field)', () => {
    const errors = validatePublished(mutated(gateway(), (o) => { o.spec.exportTo = ['.']; }));
    assertRejected(errors, /\/spec: unknown field "exportTo"/);
  });

  it('reports every problem, not just the first (allErrors)', () => {
    const errors = validatePublished(mutated(serviceEntry(), (o) => {
      o.spec.foo = 1;
      o.spec.location = 'OUTSIDE';
    }));
    assertRejected(errors, /unknown field "foo"/);
    assertRejected(errors, /\/spec\/location: must be one of/);
  });
});

describe('validatePublished: metadata', () => {
  it('rejects a missing name', () => {
    assertRejected(validatePublished(mutated(serviceEntry(), (o) => { delete o.metadata.name; })), /\/metadata\/name: required/);
  });

  it('rejects a missing metadata', () => {
    assertRejected(validatePublished(mutated(serviceEntry(), (o) => { delete o.metadata; })), /\/metadata: must be an object/);
  });

  it('rejects a name that is not a DNS-1123 subdomain', () => {
    assertRejected(validatePublished(mutated(serviceEntry(), (o) => { o.metadata.name = 'HttpBin_org'; })), /DNS-1123 subdomain/);
  });

  it('rejects a name longer than 253 characters', () => {
    const long = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}`; // 255
    assertRejected(validatePublished(mutated(serviceEntry(), (o) => { o.metadata.name = long; })), /DNS-1123 subdomain/);
    const ok = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`; // 253
    assert.deepEqual(validatePublished(mutated(serviceEntry(), (o) => { o.metadata.name = ok; })), []);
  });

  it('rejects an invalid namespace', () => {
    assertRejected(validatePublished(mutated(serviceEntry(), (o) => { o.metadata.namespace = 'egress.policy'; })), /\/metadata\/namespace: .* DNS-1123 label/);
  });

  it('rejects an unknown metadata field (ObjectMeta is closed)', () => {
    assertRejected(validatePublished(mutated(gateway(), (o) => { o.metadata.label = { a: 'b' }; })), /\/metadata: unknown field "label"/);
  });

  it('rejects a label value longer than 63 characters', () => {
    assertRejected(
      validatePublished(mutated(serviceEntry(), (o) => { o.metadata.labels.team = 'x'.repeat(64); })),
      /\/metadata\/labels\/team: value .* no more than 63 characters/,
    );
    assert.deepEqual(validatePublished(mutated(serviceEntry(), (o) => { o.metadata.labels.team = 'x'.repeat(63); })), []);
  });

  it('rejects a label value with invalid syntax', () => {
    assertRejected(validatePublished(mutated(serviceEntry(), (o) => { o.metadata.labels.team = 'a b'; })), /\/metadata\/labels\/team: value "a b"/);
    assertRejected(validatePublished(mutated(serviceEntry(), (o) => { o.metadata.labels.team = '-abc'; })), /\/metadata\/labels\/team: value "-abc"/);
    assert.deepEqual(validatePublished(mutated(serviceEntry(), (o) => { o.metadata.labels.team = ''; })), []);
  });

  it('rejects an invalid label key', () => {
    assertRejected(validatePublished(mutated(serviceEntry(), (o) => { o.metadata.labels['Example.COM/team'] = 'a'; })), /key "Example.COM\/team": prefix part/);
    assertRejected(validatePublished(mutated(serviceEntry(), (o) => { o.metadata.labels['a/b/c'] = 'a'; })), /key "a\/b\/c"/);
  });

  it('rejects non-string label and annotation values', () => {
    assertRejected(validatePublished(mutated(serviceEntry(), (o) => { o.metadata.labels.replicas = 3; })), /\/metadata\/labels\/replicas: must be string/);
    assertRejected(validatePublished(mutated(serviceEntry(), (o) => { o.metadata.annotations.enabled = true; })), /\/metadata\/annotations\/enabled: must be string/);
  });

  it('rejects an invalid annotation key', () => {
    assertRejected(validatePublished(mutated(serviceEntry(), (o) => { o.metadata.annotations['bad key'] = 'x'; })), /\/metadata\/annotations: key "bad key"/);
  });
});

describe('validatePublished: kind selection', () => {
  it('returns one error for an unknown apiVersion/kind', () => {
    const errors = validatePublished({ apiVersion: 'networking.istio.io/v2', kind: 'ServiceEntry', metadata: { name: 'x' }, spec: {} });
    assert.equal(errors.length, 1);
    assert.match(errors[0] ?? '', /networking\.istio\.io\/v2\/ServiceEntry: unknown apiVersion\/kind/);
  });

  it('returns one error for an Istio kind it has no schema for', () => {
    const errors = validatePublished({ apiVersion: 'networking.istio.io/v1', kind: 'WorkloadEntry', metadata: { name: 'x' } });
    assert.equal(errors.length, 1);
    assert.match(errors[0] ?? '', /unknown apiVersion\/kind/);
  });

  it('rejects non-objects and objects without apiVersion/kind', () => {
    assert.equal(validatePublished(null).length, 1);
    assert.equal(validatePublished([serviceEntry()]).length, 1);
    assert.match(validatePublished({ kind: 'ServiceEntry' })[0] ?? '', /apiVersion and kind/);
  });

  it('does not mutate its input', () => {
    const input = deepFreeze(mutated(virtualService(), (o) => { o.spec.extra = true; }));
    const before = structuredClone(input);
    const errors = validatePublished(input);
    assertRejected(errors, /unknown field "extra"/);
    assert.deepEqual(input, before);
  });

  it('gives the same answer on repeated calls (cached validators)', () => {
    const bad = mutated(gateway(), (o) => { o.spec.servers[0].port.number = 'eighty'; });
    const first = validatePublished(bad);
    assert.ok(first.length > 0);
    assert.deepEqual(validatePublished(bad), first);
    assert.deepEqual(validatePublished(gateway()), []);
  });

  it('lists every kind the generator may write', () => {
    const known = listKnownKinds();
    for (const version of ['v1', 'v1beta1', 'v1alpha3']) {
      for (const kind of ['ServiceEntry', 'Gateway', 'VirtualService', 'DestinationRule', 'Sidecar']) {
        assert.ok(known.includes(`networking.istio.io/${version}/${kind}`), `${version} ${kind} missing`);
      }
    }
    for (const key of [
      'security.istio.io/v1/AuthorizationPolicy',
      'security.istio.io/v1beta1/AuthorizationPolicy',
      'gateway.networking.k8s.io/v1/Gateway',
      'v1/Service',
      'v1/ConfigMap',
      'v1/ServiceAccount',
      'v1/Namespace',
      'networking.k8s.io/v1/NetworkPolicy',
      'apps/v1/Deployment',
    ]) {
      assert.ok(known.includes(key), `${key} missing`);
    }
    assert.deepEqual([...known].sort(), known);
  });
});

describe('validatePublished: Gateway API Gateway', () => {
  function k8sGateway(): AnyObj {
    return {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'egress', namespace: 'istio-egress' },
      spec: {
        gatewayClassName: 'istio',
        listeners: [{ name: 'http', port: 80, protocol: 'HTTP', allowedRoutes: { namespaces: { from: 'Same' } } }],
      },
    };
  }

  it('accepts a valid Gateway', () => {
    assert.deepEqual(validatePublished(k8sGateway()), []);
  });

  it('accepts Hostname and IPAddress addresses (additionalProperties removed from oneOf branches)', () => {
    const gw = mutated(k8sGateway(), (o) => {
      o.spec.addresses = [{ type: 'Hostname', value: 'egress.example.com' }, { type: 'IPAddress', value: '10.0.0.1' }];
    });
    assert.deepEqual(validatePublished(gw), []);
  });

  it('rejects an IPAddress address that is not an IP', () => {
    const gw = mutated(k8sGateway(), (o) => { o.spec.addresses = [{ type: 'IPAddress', value: 'egress.example.com' }]; });
    assertRejected(validatePublished(gw), /\/spec\/addresses\/0/);
  });

  it('rejects a missing gatewayClassName and unknown listener fields', () => {
    const gw = mutated(k8sGateway(), (o) => {
      delete o.spec.gatewayClassName;
      o.spec.listeners[0].tlsMode = 'Terminate';
    });
    assertRejected(validatePublished(gw), /missing required field "gatewayClassName"/);
    assertRejected(validatePublished(gw), /\/spec\/listeners\/0: unknown field "tlsMode"/);
  });
});

describe('validatePublished: Kubernetes kinds', () => {
  function service(): AnyObj {
    return {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'istio-egressgateway', namespace: 'istio-egress', labels: { istio: 'egressgateway' } },
      spec: {
        type: 'ClusterIP',
        selector: { istio: 'egressgateway' },
        ports: [
          { name: 'http2', port: 80, targetPort: 8080, protocol: 'TCP' },
          { name: 'https', port: 443, targetPort: 'https' },
        ],
      },
    };
  }

  function deployment(): AnyObj {
    return {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'istio-egressgateway', namespace: 'istio-egress' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { istio: 'egressgateway' } },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
        template: {
          metadata: { labels: { istio: 'egressgateway' }, annotations: { 'inject.istio.io/templates': 'gateway' } },
          spec: {
            serviceAccountName: 'istio-egressgateway',
            containers: [
              {
                name: 'istio-proxy',
                image: 'auto',
                ports: [{ containerPort: 8080, protocol: 'TCP' }],
                resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: 2, memory: '1Gi' } },
              },
            ],
          },
        },
      },
    };
  }

  it('accepts a Service with integer and named targetPorts (IntOrString)', () => {
    assert.deepEqual(validatePublished(service()), []);
  });

  it('rejects a Service targetPort that is neither integer nor string', () => {
    assertRejected(validatePublished(mutated(service(), (o) => { o.spec.ports[0].targetPort = true; })), /\/spec\/ports\/0\/targetPort/);
  });

  it('rejects unknown fields in Kubernetes kinds (closed objects)', () => {
    assertRejected(validatePublished(mutated(service(), (o) => { o.spec.ports[0].appProtocl = 'http'; })), /\/spec\/ports\/0: unknown field "appProtocl"/);
  });

  it('rejects a Service name that is not a DNS-1035 label', () => {
    assertRejected(validatePublished(mutated(service(), (o) => { o.metadata.name = '1-egress'; })), /DNS-1035 label/);
    assertRejected(validatePublished(mutated(service(), (o) => { o.metadata.name = 'egress.gateway'; })), /DNS-1035 label/);
  });

  it('accepts a Deployment with Quantity and IntOrString fields as numbers and strings', () => {
    assert.deepEqual(validatePublished(deployment()), []);
  });

  it('rejects an invalid Quantity and a missing required Deployment field', () => {
    const bad = mutated(deployment(), (o) => {
      o.spec.template.spec.containers[0].resources.limits.memory = 'lots';
      delete o.spec.selector;
    });
    assertRejected(validatePublished(bad), /\/spec\/template\/spec\/containers\/0\/resources\/limits\/memory/);
    assertRejected(validatePublished(bad), /\/spec: missing required field "selector"/);
  });

  it('accepts ConfigMap, ServiceAccount, Namespace and NetworkPolicy', () => {
    const objects = [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'egress-policy', namespace: 'istio-egress' }, data: { 'policy.yaml': 'x: 1' } },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'istio-egressgateway', namespace: 'istio-egress' } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'istio-egress', labels: { 'istio-injection': 'enabled' } } },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'deny-direct-egress', namespace: 'team-a' },
        spec: {
          podSelector: {},
          policyTypes: ['Egress'],
          egress: [
            { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'istio-egress' } } }], ports: [{ protocol: 'TCP', port: 8080 }] },
            { to: [{ ipBlock: { cidr: '10.0.0.0/8' } }], ports: [{ protocol: 'UDP', port: 'dns' }] },
          ],
        },
      },
    ];
    for (const obj of objects) assert.deepEqual(validatePublished(obj), [], obj.kind);
  });

  it('rejects a ConfigMap with a non-string data value and a dotted Namespace name', () => {
    assertRejected(
      validatePublished({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm' }, data: { replicas: 3 } }),
      /\/data\/replicas: must be string/,
    );
    assertRejected(validatePublished({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'istio.egress' } }), /DNS-1123 label/);
  });
});
