/**
 * Realistic egress-gateway objects (the shapes the generator writes), shared by the tests of
 * the schema validator and of the webhook rules. Each call returns a fresh object.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyObj = Record<string, any>;

export function serviceEntry(): AnyObj {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'ServiceEntry',
    metadata: {
      name: 'httpbin-org',
      namespace: 'egress-policy',
      labels: { 'app.kubernetes.io/managed-by': 'egress-policy' },
      annotations: { 'egress-policy.example.com/source': 'ASMEgressTrafficPolicy/default' },
    },
    spec: {
      hosts: ['httpbin.org'],
      ports: [{ number: 80, name: 'http', protocol: 'HTTP' }],
      resolution: 'DNS',
      location: 'MESH_EXTERNAL',
      exportTo: ['.'],
    },
  };
}

export function gateway(): AnyObj {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'Gateway',
    metadata: { name: 'istio-egressgateway', namespace: 'istio-egress' },
    spec: {
      selector: { istio: 'egressgateway' },
      servers: [
        {
          port: { number: 80, name: 'https-port-for-tls-origination', protocol: 'HTTPS' },
          hosts: ['httpbin.org'],
          tls: { mode: 'ISTIO_MUTUAL' },
        },
      ],
    },
  };
}

export function virtualService(): AnyObj {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'direct-httpbin-through-egress-gateway', namespace: 'egress-policy' },
    spec: {
      hosts: ['httpbin.org'],
      gateways: ['istio-egress/istio-egressgateway', 'mesh'],
      exportTo: ['.'],
      http: [
        {
          name: 'mesh-to-egress-gateway',
          match: [{ gateways: ['mesh'], port: 80 }],
          route: [
            {
              destination: { host: 'istio-egressgateway.istio-egress.svc.cluster.local', subset: 'httpbin', port: { number: 80 } },
              weight: 100,
            },
          ],
        },
        {
          name: 'egress-gateway-to-external',
          match: [{ gateways: ['istio-egress/istio-egressgateway'], port: 80 }],
          route: [{ destination: { host: 'httpbin.org', port: { number: 80 } }, weight: 100 }],
          timeout: '10s',
          retries: { attempts: 3, perTryTimeout: '2s', retryOn: 'connect-failure,503' },
        },
      ],
    },
  };
}

export function destinationRule(): AnyObj {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: { name: 'egressgateway-for-httpbin', namespace: 'egress-policy' },
    spec: {
      host: 'istio-egressgateway.istio-egress.svc.cluster.local',
      exportTo: ['.'],
      subsets: [
        {
          name: 'httpbin',
          trafficPolicy: {
            portLevelSettings: [{ port: { number: 80 }, tls: { mode: 'ISTIO_MUTUAL', sni: 'httpbin.org' } }],
          },
        },
      ],
    },
  };
}

export function mutated(base: AnyObj, change: (o: AnyObj) => void): AnyObj {
  const copy = structuredClone(base);
  change(copy);
  return copy;
}
