import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { validateIstioWebhookRules } from '../../support/istio-webhook-rules.ts';
import { validatePublished } from '../../support/published-schema-validator.ts';
import { type AnyObj, destinationRule, gateway, mutated, serviceEntry, virtualService } from '../../support/istio-fixtures.ts';

// A TLS-passthrough leg: mesh -> egress gateway -> external, routed on SNI.
function tlsVirtualService(): AnyObj {
  return {
    apiVersion: 'networking.istio.io/v1',
    kind: 'VirtualService',
    metadata: { name: 'direct-edition-cnn-through-egress-gateway', namespace: 'egress-policy' },
    spec: {
      hosts: ['*.cnn.com'],
      gateways: ['mesh', 'istio-egress/istio-egressgateway'],
      tls: [
        {
          match: [{ gateways: ['mesh'], port: 443, sniHosts: ['edition.cnn.com'] }],
          route: [{ destination: { host: 'istio-egressgateway.istio-egress.svc.cluster.local', port: { number: 443 } } }],
        },
        {
          match: [{ gateways: ['istio-egress/istio-egressgateway'], port: 443, sniHosts: ['edition.cnn.com'] }],
          route: [{ destination: { host: 'edition.cnn.com', port: { number: 443 } }, weight: 100 }],
        },
      ],
    },
  };
}

function assertRejected(obj: AnyObj, pattern: RegExp): void {
  const errors = validateIstioWebhookRules(obj);
  assert.ok(errors.length > 0, `expected an error matching ${pattern}, got none`);
  assert.ok(errors.some((e) => pattern.test(e)), `expected an error matching ${pattern}; got:\n  ${errors.join('\n  ')}`);
}

function assertAccepted(obj: AnyObj): void {
  assert.deepEqual(validateIstioWebhookRules(obj), []);
}

describe('validateIstioWebhookRules: valid egress objects', () => {
  for (const [name, build] of [
    ['ServiceEntry', serviceEntry],
    ['Gateway', gateway],
    ['VirtualService (mesh + gateway legs)', virtualService],
    ['VirtualService (TLS/SNI legs)', tlsVirtualService],
    ['DestinationRule', destinationRule],
  ] as const) {
    it(`accepts a realistic ${name}, which also passes the published schema`, () => {
      assertAccepted(build());
      assert.deepEqual(validatePublished(build()), []);
    });
  }

  it('applies to every served networking.istio.io version', () => {
    for (const version of ['v1beta1', 'v1alpha3']) {
      assertRejected(mutated(serviceEntry(), (o) => { o.apiVersion = `networking.istio.io/${version}`; o.spec.hosts = ['1.1.1.1']; }), /hosts\/0/);
    }
  });

  it('ignores kinds it does not check', () => {
    assert.deepEqual(validateIstioWebhookRules({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'x' }, spec: { ports: [] } }), []);
    assert.deepEqual(validateIstioWebhookRules({ apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'x' }, spec: {} }), []);
    assert.deepEqual(validateIstioWebhookRules('not an object'), []);
  });

  it('does not mutate its input', () => {
    const input = mutated(virtualService(), (o) => { o.spec.hosts = ['*']; });
    const before = structuredClone(input);
    assert.ok(validateIstioWebhookRules(input).length > 0);
    assert.deepEqual(input, before);
  });
});

describe('ServiceEntry (ValidateServiceEntry)', () => {
  it('rejects an IP literal host, which the schema alone accepts', () => {
    const se = mutated(serviceEntry(), (o) => { o.spec.hosts = ['1.1.1.1']; o.spec.resolution = 'STATIC'; o.spec.endpoints = [{ address: '1.1.1.1' }]; });
    assert.deepEqual(validatePublished(se), []);
    assertRejected(se, /ServiceEntry httpbin-org: \/spec\/hosts\/0: .*top level domain "1" cannot be all-numeric.*ValidateWildcardDomain/);
    assertRejected(mutated(serviceEntry(), (o) => { o.spec.hosts = ['2001:db8::1']; }), /\/spec\/hosts\/0: domain name .* invalid/);
  });

  it('rejects the full wildcard host "*"', () => {
    assertRejected(mutated(serviceEntry(), (o) => { o.spec.hosts = ['*']; o.spec.resolution = 'NONE'; }), /\/spec\/hosts\/0: invalid host \*/);
  });

  it('rejects an empty host list and malformed host names', () => {
    assertRejected(mutated(serviceEntry(), (o) => { o.spec.hosts = []; }), /service entry must have at least one host/);
    assertRejected(mutated(serviceEntry(), (o) => { o.spec.hosts = ['httpbin_org.example']; }), /label "httpbin_org" invalid/);
    assertRejected(mutated(serviceEntry(), (o) => { o.spec.hosts = ['api.*.example.com']; o.spec.resolution = 'NONE'; }), /label "\*" invalid/);
  });

  it('rejects wildcard hosts with DNS resolution and no endpoints, accepts them with NONE', () => {
    assertRejected(mutated(serviceEntry(), (o) => { o.spec.hosts = ['*.example.com']; }), /hosts must be FQDN if no endpoints are provided for resolution mode DNS/);
    assertRejected(mutated(serviceEntry(), (o) => { o.spec.hosts = ['*.example.com']; o.spec.resolution = 'DNS_ROUND_ROBIN'; }), /resolution mode DNS_ROUND_ROBIN/);
    assertAccepted(mutated(serviceEntry(), (o) => { o.spec.hosts = ['*.example.com']; o.spec.resolution = 'NONE'; }));
  });

  it('requires addresses to be IPs or CIDRs, CIDRs only with NONE/STATIC', () => {
    assertRejected(mutated(serviceEntry(), (o) => { o.spec.addresses = ['httpbin.org']; }), /\/spec\/addresses\/0: httpbin.org is not a valid IP/);
    assertRejected(mutated(serviceEntry(), (o) => { o.spec.addresses = ['10.0.0.0/33']; o.spec.resolution = 'NONE'; }), /is not a valid CIDR block/);
    assertRejected(mutated(serviceEntry(), (o) => { o.spec.addresses = ['10.0.0.0/8']; }), /CIDR addresses are allowed only for NONE\/STATIC resolution types/);
    assertAccepted(mutated(serviceEntry(), (o) => { o.spec.addresses = ['10.0.0.0/8', '2001:db8::/32']; o.spec.resolution = 'NONE'; }));
    assertAccepted(mutated(serviceEntry(), (o) => { o.spec.addresses = ['240.240.0.1']; }));
  });

  it('requires port numbers in 1..65535', () => {
    assertRejected(mutated(serviceEntry(), (o) => { o.spec.ports[0].number = 0; }), /\/spec\/ports\/0\/number: port number 0 must be in the range 1\.\.65535/);
    assertRejected(mutated(serviceEntry(), (o) => { o.spec.ports[0].number = 65536; }), /port number 65536/);
    assertRejected(mutated(serviceEntry(), (o) => { o.spec.ports[0].targetPort = 70000; }), /\/spec\/ports\/0\/targetPort: port number 70000/);
  });

  it('requires unique port names and numbers within the entry', () => {
    assertRejected(
      mutated(serviceEntry(), (o) => { o.spec.ports.push({ number: 443, name: 'http', protocol: 'TLS' }); }),
      /\/spec\/ports\/1\/name: service entry port name "http" already defined/,
    );
    assertRejected(
      mutated(serviceEntry(), (o) => { o.spec.ports.push({ number: 80, name: 'http-alt', protocol: 'HTTP' }); }),
      /\/spec\/ports\/1\/number: service entry port 80 already defined/,
    );
  });

  it('requires DNS-1123 port names and known protocols', () => {
    assertRejected(mutated(serviceEntry(), (o) => { o.spec.ports[0].name = 'http_80'; }), /invalid port name: http_80 \[ValidatePortName\]/);
    assertRejected(mutated(serviceEntry(), (o) => { o.spec.ports[0].protocol = 'HTTP3'; }), /unsupported protocol: HTTP3/);
    assertAccepted(mutated(serviceEntry(), (o) => { o.spec.ports[0].protocol = 'http'; }));
  });

  it('applies the STATIC endpoint rules (validateWorkloadEntry)', () => {
    const base = mutated(serviceEntry(), (o) => {
      o.spec.resolution = 'STATIC';
      o.spec.addresses = ['240.0.0.10'];
      o.spec.endpoints = [{ address: '203.0.113.10', ports: { http: 8080 }, labels: { version: 'v1' } }];
    });
    assertAccepted(base);
    assertRejected(mutated(base, (o) => { o.spec.endpoints[0].address = 'httpbin.org'; }), /\/spec\/endpoints\/0\/address: endpoint address "httpbin.org" is not a valid IP address/);
    assertRejected(mutated(base, (o) => { o.spec.endpoints[0] = { ports: { http: 8080 } }; }), /\/spec\/endpoints\/0: address is required/);
    assertRejected(mutated(base, (o) => { o.spec.endpoints[0].ports = { https: 8443 }; }), /endpoint port 8443 is not defined by the service entry/);
    assertRejected(mutated(base, (o) => { o.spec.endpoints[0].ports = { http: 0 }; }), /\/spec\/endpoints\/0\/ports\/http: port number 0/);
    assertRejected(mutated(base, (o) => { o.spec.endpoints[0].labels = { version: 'v 1' }; }), /invalid tag value: "v 1"/);
    assertRejected(mutated(base, (o) => { o.spec.endpoints[0] = { address: 'unix://relative/path' }; }), /relative\/path is not an absolute path/);
  });

  it('applies the DNS endpoint rules', () => {
    const base = mutated(serviceEntry(), (o) => { o.spec.endpoints = [{ address: 'httpbin.org' }, { address: '203.0.113.10' }]; });
    assertAccepted(base);
    assertRejected(mutated(base, (o) => { o.spec.endpoints[0].address = 'not a host'; }), /endpoint address "not a host" is not a valid FQDN or an IP address/);
    assertRejected(mutated(base, (o) => { o.spec.resolution = 'DNS_ROUND_ROBIN'; }), /there must only be 0 or 1 endpoint for resolution mode DNS_ROUND_ROBIN/);
  });

  it('rejects endpoints with resolution NONE (the default)', () => {
    assertRejected(mutated(serviceEntry(), (o) => { delete o.spec.resolution; o.spec.endpoints = [{ address: '203.0.113.10' }]; }), /no endpoints should be provided for resolution type none/);
  });

  it('rejects workloadSelector together with endpoints', () => {
    assertRejected(
      mutated(serviceEntry(), (o) => { o.spec.workloadSelector = { labels: { app: 'httpbin' } }; o.spec.endpoints = [{ address: 'httpbin.org' }]; }),
      /only one of WorkloadSelector or Endpoints is allowed/,
    );
  });

  it('rejects several hosts on a non-HTTP, non-TLS port unless resolution is NONE', () => {
    const multi = mutated(serviceEntry(), (o) => { o.spec.hosts = ['a.example.com', 'b.example.com']; o.spec.ports = [{ number: 5432, name: 'tcp-postgres', protocol: 'TCP' }]; });
    assertRejected(multi, /multiple hosts provided with non-HTTP, non-TLS ports/);
    assertAccepted(mutated(multi, (o) => { o.spec.resolution = 'NONE'; }));
    assertAccepted(mutated(multi, (o) => { o.spec.ports = [{ number: 443, name: 'tls', protocol: 'TLS' }]; }));
  });

  it('checks location values', () => {
    assertRejected(mutated(serviceEntry(), (o) => { o.spec.location = 'EXTERNAL'; }), /\/spec\/location: location must be one of MESH_EXTERNAL, MESH_INTERNAL/);
    assertAccepted(mutated(serviceEntry(), (o) => { o.spec.location = 'MESH_INTERNAL'; }));
  });

  it('checks exportTo (validateExportTo): ~ only alone, * only alone, no duplicates', () => {
    assertAccepted(mutated(serviceEntry(), (o) => { o.spec.exportTo = ['~']; }));
    assertAccepted(mutated(serviceEntry(), (o) => { o.spec.exportTo = ['.', 'istio-egress']; }));
    assertRejected(mutated(serviceEntry(), (o) => { o.spec.exportTo = ['*', 'istio-egress']; }), /cannot have both public \(\*\) and non-public exportTo values/);
    assertRejected(mutated(serviceEntry(), (o) => { o.spec.exportTo = ['~', 'istio-egress']; }), /cannot export service entry to no one/);
    assertRejected(mutated(serviceEntry(), (o) => { o.spec.exportTo = ['egress-policy', '.']; }), /duplicate entries in exportTo: \. and current namespace egress-policy/);
    assertRejected(mutated(serviceEntry(), (o) => { o.spec.exportTo = ['.', 'egress-policy']; }), /duplicate entries in exportTo for entry egress-policy/);
    assertRejected(mutated(serviceEntry(), (o) => { o.spec.exportTo = ['Istio_Egress']; }), /only \.,\*,~, or a valid DNS 1123 label/);
  });
});

describe('Gateway (ValidateGateway)', () => {
  it('requires at least one server', () => {
    assertRejected(mutated(gateway(), (o) => { o.spec.servers = []; }), /\/spec\/servers: gateway must have at least one server/);
  });

  it('requires port names to be unique across servers', () => {
    const gw = mutated(gateway(), (o) => {
      o.spec.servers.push({ port: { number: 443, name: 'https-port-for-tls-origination', protocol: 'TLS' }, hosts: ['edition.cnn.com'], tls: { mode: 'PASSTHROUGH' } });
    });
    assertRejected(gw, /\/spec\/servers\/1\/port\/name: port names in servers must be unique: duplicate name https-port-for-tls-origination/);
    assertAccepted(mutated(gw, (o) => { o.spec.servers[1].port.name = 'tls'; }));
  });

  it('requires a valid server port', () => {
    assertRejected(mutated(gateway(), (o) => { o.spec.servers[0].port.number = 0; }), /\/spec\/servers\/0\/port\/number: port number 0/);
    assertRejected(mutated(gateway(), (o) => { o.spec.servers[0].port.protocol = 'QUIC'; }), /invalid protocol "QUIC"/);
    assertRejected(mutated(gateway(), (o) => { o.spec.servers[0].port.name = ''; }), /port name must be set/);
    assertRejected(mutated(gateway(), (o) => { o.spec.servers[0].port.targetPort = 8080; }), /targetPort has no impact on Gateways/);
    assertRejected(mutated(gateway(), (o) => { delete o.spec.servers[0].port; }), /port is required/);
  });

  it('requires hosts, each "dnsName" or "ns/dnsName"', () => {
    assertRejected(mutated(gateway(), (o) => { o.spec.servers[0].hosts = []; }), /server config must contain at least one host/);
    assertRejected(mutated(gateway(), (o) => { o.spec.servers[0].hosts = ['httpbin']; }), /short names \(non FQDN\) are not allowed/);
    assertRejected(mutated(gateway(), (o) => { o.spec.servers[0].hosts = ['egress-policy/httpbin']; }), /short names/);
    assertRejected(mutated(gateway(), (o) => { o.spec.servers[0].hosts = ['Egress_Policy/httpbin.org']; }), /invalid namespace value "Egress_Policy" in gateway/);
    assertRejected(mutated(gateway(), (o) => { o.spec.servers[0].hosts = ['/httpbin.org']; }), /config namespace and dnsName in host entry cannot be empty/);
    assertRejected(mutated(gateway(), (o) => { o.spec.servers[0].hosts = ['api*.example.com']; }), /partial wildcard "api\*\.example\.com" not allowed/);
    assertAccepted(mutated(gateway(), (o) => { o.spec.servers[0].hosts = ['egress-policy/httpbin.org', './*.example.com', '*/*', '*']; }));
    assertAccepted(mutated(gateway(), (o) => { o.spec.servers[0].hosts = ['203.0.113.10']; })); // gateways accept IP hosts
  });

  it('forbids credentials with ISTIO_MUTUAL', () => {
    assertRejected(mutated(gateway(), (o) => { o.spec.servers[0].tls.credentialName = 'httpbin-credential'; }), /ISTIO_MUTUAL TLS cannot have associated credentialName/);
    assertRejected(
      mutated(gateway(), (o) => { Object.assign(o.spec.servers[0].tls, { serverCertificate: '/etc/c.pem', privateKey: '/etc/k.pem', caCertificates: '/etc/ca.pem' }); }),
      /ISTIO_MUTUAL TLS cannot have associated server certificate/,
    );
  });

  it('requires credentials for SIMPLE/MUTUAL termination', () => {
    assertRejected(mutated(gateway(), (o) => { o.spec.servers[0].tls = { mode: 'SIMPLE' }; }), /SIMPLE TLS requires a server certificate/);
    assertRejected(mutated(gateway(), (o) => { o.spec.servers[0].tls = { mode: 'MUTUAL', serverCertificate: '/c', privateKey: '/k' }; }), /MUTUAL TLS requires a client CA bundle/);
    assertAccepted(mutated(gateway(), (o) => { o.spec.servers[0].tls = { mode: 'SIMPLE', credentialName: 'httpbin-credential' }; }));
    assertAccepted(mutated(gateway(), (o) => { o.spec.servers[0].tls = { mode: 'PASSTHROUGH' }; }));
  });

  it('requires TLS settings on HTTPS/TLS ports and forbids them on plain ports', () => {
    assertRejected(mutated(gateway(), (o) => { delete o.spec.servers[0].tls; }), /server must have TLS settings for HTTPS\/TLS protocols/);
    assertRejected(mutated(gateway(), (o) => { o.spec.servers[0].port.protocol = 'HTTP'; }), /server cannot have TLS settings for plain text HTTP ports/);
    assertRejected(mutated(gateway(), (o) => { o.spec.servers[0].port.protocol = 'TCP'; }), /server cannot have TLS settings for non HTTPS\/TLS ports/);
    assertAccepted(mutated(gateway(), (o) => { o.spec.servers[0].port.protocol = 'HTTP'; o.spec.servers[0].tls = { httpsRedirect: true }; }));
  });

  it('requires the Gateway name to be a DNS-1123 label', () => {
    assertRejected(mutated(gateway(), (o) => { o.metadata.name = 'istio.egressgateway'; }), /\/metadata\/name: invalid gateway name: "istio.egressgateway"/);
  });

  it('flags a selector that can never match a pod (lint)', () => {
    assertRejected(mutated(gateway(), (o) => { o.spec.selector = { istio: 'egress gateway' }; }), /\/spec\/selector: invalid tag value.*lint: Gateway.selector/);
    assertRejected(mutated(gateway(), (o) => { o.spec.selector = { istio: '*' }; }), /wildcard is not supported in selector/);
  });

  it('validates bind addresses', () => {
    assertRejected(mutated(gateway(), (o) => { o.spec.servers[0].bind = 'localhost'; }), /\/spec\/servers\/0\/bind: localhost is not a valid IP/);
    assertAccepted(mutated(gateway(), (o) => { o.spec.servers[0].bind = '0.0.0.0'; }));
  });
});

describe('VirtualService (ValidateVirtualService)', () => {
  it('requires hosts unless it is a delegate (no gateways/tls/tcp)', () => {
    assertRejected(mutated(virtualService(), (o) => { o.spec.hosts = []; }), /delegate virtual service must have no gateways specified/);
    assertRejected(mutated(tlsVirtualService(), (o) => { delete o.spec.hosts; delete o.spec.gateways; }), /delegate virtual service must have no tls route specified/);
  });

  it('requires valid hosts; "*" is not allowed for mesh-bound services', () => {
    assertRejected(mutated(virtualService(), (o) => { o.spec.hosts = ['httpbin_org']; }), /\/spec\/hosts\/0: domain name "httpbin_org" invalid/);
    assertRejected(mutated(virtualService(), (o) => { o.spec.hosts = ['*']; }), /wildcard host \* is not allowed for virtual services bound to the mesh gateway/);
    assertAccepted(mutated(virtualService(), (o) => { o.spec.hosts = ['*']; o.spec.gateways = ['istio-egress/istio-egressgateway']; o.spec.http[0].match[0].gateways = ['istio-egress/istio-egressgateway']; }));
  });

  it('accepts IP literal VirtualService hosts (Istio only rejects them as destinations)', () => {
    assertAccepted(mutated(virtualService(), (o) => { o.spec.hosts = ['203.0.113.10']; }));
  });

  it('rejects overlapping hosts', () => {
    assertRejected(mutated(virtualService(), (o) => { o.spec.hosts = ['*.httpbin.org', 'api.httpbin.org']; }), /duplicate hosts in virtual service: \*\.httpbin\.org & api\.httpbin\.org/);
  });

  it('requires gateways entries to be "mesh", "name" or "ns/name"', () => {
    assertRejected(mutated(virtualService(), (o) => { o.spec.gateways = ['istio-egress/istio.egressgateway', 'mesh']; }), /invalid value for gateway name: "istio.egressgateway"/);
    assertRejected(mutated(virtualService(), (o) => { o.spec.gateways = ['Istio_Egress/egressgateway', 'mesh']; }), /invalid value for namespace: "Istio_Egress"/);
    assertRejected(mutated(virtualService(), (o) => { o.spec.gateways = ['/egressgateway']; }), /config namespace and gateway name cannot be empty/);
    assertRejected(mutated(virtualService(), (o) => { o.spec.http[0].match[0].gateways = ['egress gateway']; }), /\/spec\/http\/0\/match\/0\/gateways\/0: .*ValidateFQDN/);
    assertAccepted(mutated(virtualService(), (o) => { o.spec.gateways = ['istio-egressgateway', 'mesh']; o.spec.http[1].match[0].gateways = ['istio-egressgateway']; }));
  });

  it('requires http, tcp or tls', () => {
    assertRejected(mutated(virtualService(), (o) => { delete o.spec.http; }), /http, tcp or tls must be provided in virtual service/);
  });

  it('requires exactly one of route, redirect, directResponse per HTTP route', () => {
    assertRejected(mutated(virtualService(), (o) => { o.spec.http[0].directResponse = { status: 403 }; }), /\/spec\/http\/0: HTTP route cannot contain both route and direct_response/);
    assertRejected(mutated(virtualService(), (o) => { o.spec.http[0].redirect = { uri: '/v2' }; }), /HTTP route cannot contain both route and redirect/);
    assertRejected(mutated(virtualService(), (o) => { o.spec.http[0].redirect = { uri: '/v2' }; o.spec.http[0].directResponse = { status: 403 }; delete o.spec.http[0].route; }), /cannot contain both direct_response and redirect/);
    assertRejected(mutated(virtualService(), (o) => { delete o.spec.http[0].route; }), /HTTP route, redirect or direct_response is required/);
    assertAccepted(mutated(virtualService(), (o) => { delete o.spec.http[0].route; o.spec.http[0].directResponse = { status: 403, body: { string: 'blocked' } }; }));
  });

  it('checks directResponse status and redirect fields', () => {
    assertRejected(mutated(virtualService(), (o) => { delete o.spec.http[0].route; o.spec.http[0].directResponse = { status: 100 }; }), /HTTP status 100 is not in range 200-599/);
    assertRejected(mutated(virtualService(), (o) => { delete o.spec.http[0].route; o.spec.http[0].redirect = { redirectCode: 200, uri: '/' }; }), /200 is not a valid redirect code/);
    assertRejected(mutated(virtualService(), (o) => { delete o.spec.http[0].route; o.spec.http[0].redirect = { redirectCode: 301 }; }), /redirect must specify URI, authority, scheme, or port/);
  });

  it('rejects IP literal and "*" destination hosts', () => {
    assertRejected(mutated(virtualService(), (o) => { o.spec.http[1].route[0].destination.host = '93.184.216.34'; }), /\/spec\/http\/1\/route\/0\/destination\/host: .*cannot be all-numeric.*validateDestination/);
    assertRejected(mutated(virtualService(), (o) => { o.spec.http[1].route[0].destination.host = '*'; }), /invalid destination host \*/);
  });

  it('checks destination subset names and ports', () => {
    assertRejected(mutated(virtualService(), (o) => { o.spec.http[0].route[0].destination.subset = 'v1.0'; }), /subset name is invalid: v1\.0/);
    assertRejected(mutated(virtualService(), (o) => { o.spec.http[0].route[0].destination.port.number = 0; }), /destination\/port\/number: port number 0/);
  });

  it('checks weights: non-negative and not all zero across several destinations', () => {
    const split = mutated(virtualService(), (o) => {
      o.spec.http[1].route = [
        { destination: { host: 'httpbin.org' }, weight: 0 },
        { destination: { host: 'httpbin.org', port: { number: 8080 } }, weight: 0 },
      ];
    });
    assertRejected(split, /\/spec\/http\/1\/route: total destination weight = 0/);
    assertRejected(mutated(split, (o) => { o.spec.http[1].route[0].weight = -10; o.spec.http[1].route[1].weight = 110; }), /weight -10 < 0/);
    assertAccepted(mutated(split, (o) => { o.spec.http[1].route[0].weight = 90; o.spec.http[1].route[1].weight = 10; }));
    // Istio does not require the sum to be 100 any more.
    assertAccepted(mutated(split, (o) => { o.spec.http[1].route[0].weight = 30; o.spec.http[1].route[1].weight = 30; }));
  });

  it('checks the match port range and source namespace', () => {
    assertRejected(mutated(virtualService(), (o) => { o.spec.http[0].match[0].port = 70000; }), /\/spec\/http\/0\/match\/0\/port: port number 70000/);
    assertRejected(mutated(virtualService(), (o) => { o.spec.http[0].match[0].sourceNamespace = 'Team_A'; }), /sourceNamespace match Team_A is invalid/);
  });

  it('checks durations and retry policies', () => {
    assertRejected(mutated(virtualService(), (o) => { o.spec.http[1].timeout = '500us'; }), /\/spec\/http\/1\/timeout: duration must be greater than 1ms/);
    assertRejected(mutated(virtualService(), (o) => { o.spec.http[1].timeout = '1.0005s'; }), /only durations to ms precision are supported/);
    assertRejected(mutated(virtualService(), (o) => { o.spec.http[1].timeout = 'ten seconds'; }), /invalid duration/);
    assertRejected(mutated(virtualService(), (o) => { o.spec.http[1].retries = { attempts: 0, retryOn: '5xx' }; }), /http retry policy configured when attempts are set to 0/);
    assertRejected(mutated(virtualService(), (o) => { o.spec.http[1].retries.retryOn = '5xx,sometimes'; }), /"sometimes" is not a valid retryOn policy/);
  });

  it('requires TLS routes to match on sniHosts that are covered by the VirtualService hosts', () => {
    assertRejected(mutated(tlsVirtualService(), (o) => { delete o.spec.tls[0].match; }), /\/spec\/tls\/0: TLS route must have at least one match condition/);
    assertRejected(mutated(tlsVirtualService(), (o) => { o.spec.tls[0].match[0].sniHosts = []; }), /\/spec\/tls\/0\/match\/0\/sniHosts: TLS match must have at least one SNI host/);
    assertRejected(mutated(tlsVirtualService(), (o) => { o.spec.tls[1].match[0].sniHosts = ['edition.bbc.com']; }), /SNI host "edition.bbc.com" is not a compatible subset of any of the virtual service hosts: \[\*\.cnn\.com\]/);
    assertRejected(mutated(tlsVirtualService(), (o) => { o.spec.tls[0].match[0].sniHosts = ['*.com']; }), /SNI host "\*\.com" is not a compatible subset/);
    assertRejected(mutated(tlsVirtualService(), (o) => { o.spec.tls[0].match[0].destinationSubnets = ['10.0.0.0/40']; }), /destinationSubnets\/0: 10\.0\.0\.0\/40 is not a valid CIDR block/);
    assertRejected(mutated(tlsVirtualService(), (o) => { delete o.spec.tls[1].route; }), /\/spec\/tls\/1: TLS route is required/);
  });

  it('checks TCP route destinations', () => {
    const tcp = mutated(virtualService(), (o) => {
      delete o.spec.http;
      o.spec.tcp = [{ match: [{ port: 5432, gateways: ['mesh'] }], route: [{ destination: { host: 'db.example.com', port: { number: 5432 } } }] }];
    });
    assertAccepted(tcp);
    assertRejected(mutated(tcp, (o) => { o.spec.tcp[0].route[0].destination.host = '10.1.2.3'; }), /\/spec\/tcp\/0\/route\/0\/destination\/host: .*cannot be all-numeric/);
    assertRejected(mutated(tcp, (o) => { o.spec.tcp[0].route = []; }), /\/spec\/tcp\/0: TCP route is required/);
    assertRejected(mutated(tcp, (o) => { o.spec.tcp[0].match[0].port = 0x10000; }), /\/spec\/tcp\/0\/match\/0\/port: port number 65536/);
  });

  it('checks header manipulation names', () => {
    assertRejected(mutated(virtualService(), (o) => { o.spec.http[1].headers = { response: { set: { Host: 'x' } } }; }), /cannot set Host header/);
    assertRejected(mutated(virtualService(), (o) => { o.spec.http[1].headers = { request: { set: { ':path': '/x' } } }; }), /header cannot have ":" prefix/);
    assertAccepted(mutated(virtualService(), (o) => { o.spec.http[1].headers = { request: { set: { 'x-egress-policy': 'allowed' } } }; }));
  });

  it('checks mirror/mirrors exclusivity', () => {
    assertRejected(
      mutated(virtualService(), (o) => { o.spec.http[1].mirror = { host: 'mirror.example.com' }; o.spec.http[1].mirrors = [{ destination: { host: 'mirror.example.com' } }]; }),
      /HTTP route cannot contain both mirror and mirrors/,
    );
  });
});

describe('DestinationRule (ValidateDestinationRule)', () => {
  it('requires a valid host (no IP literal)', () => {
    assertRejected(mutated(destinationRule(), (o) => { o.spec.host = '10.0.0.1'; }), /\/spec\/host: .*cannot be all-numeric/);
    assertRejected(mutated(destinationRule(), (o) => { o.spec.host = ''; }), /\/spec\/host: empty domain name not allowed/);
    assertAccepted(mutated(destinationRule(), (o) => { o.spec.host = '*.example.com'; }));
  });

  it('requires subset names to be DNS-1123 labels and unique', () => {
    assertRejected(mutated(destinationRule(), (o) => { o.spec.subsets[0].name = 'httpbin.org'; }), /\/spec\/subsets\/0\/name: subset name is invalid: httpbin\.org \[validateSubsetName\]/);
    assertRejected(mutated(destinationRule(), (o) => { o.spec.subsets[0].name = 'http_bin'; }), /subset name is invalid: http_bin/);
    assertRejected(mutated(destinationRule(), (o) => { o.spec.subsets[0].name = ''; }), /subset name cannot be empty/);
    assertRejected(mutated(destinationRule(), (o) => { o.spec.subsets.push(structuredClone(o.spec.subsets[0])); }), /\/spec\/subsets\/1\/name: duplicate subset names: httpbin/);
    assertRejected(mutated(destinationRule(), (o) => { o.spec.subsets[0].labels = { 'bad key!': 'v1' }; }), /invalid tag key: "bad key!"/);
  });

  it('checks portLevelSettings: port present, at least one setting, valid number', () => {
    const at = (o: AnyObj): AnyObj => o.spec.subsets[0].trafficPolicy.portLevelSettings[0];
    assertRejected(mutated(destinationRule(), (o) => { delete at(o).port; }), /portTrafficPolicy must have valid port/);
    assertRejected(mutated(destinationRule(), (o) => { delete at(o).tls; }), /port traffic policy must have at least one field/);
    assertRejected(mutated(destinationRule(), (o) => { at(o).port.number = 0; }), /portLevelSettings\/0\/port\/number: port number 0 .*lint: portLevelSettings.port/);
  });

  it('requires a non-empty traffic policy', () => {
    assertRejected(mutated(destinationRule(), (o) => { o.spec.trafficPolicy = {}; }), /\/spec\/trafficPolicy: traffic policy must have at least one field/);
    assertRejected(mutated(destinationRule(), (o) => { o.spec.trafficPolicy = { connectionPool: {} }; }), /connection pool must have at least one field/);
    assertRejected(mutated(destinationRule(), (o) => { o.spec.trafficPolicy = { tunnel: { targetHost: 'proxy.example.com', targetPort: 3128 }, proxyProtocol: {} }; }), /tunnel and proxyProtocol must not be set together/);
  });

  it('applies the client TLS rules (ValidateTLS)', () => {
    const tls = (t: AnyObj) => mutated(destinationRule(), (o) => { o.spec.trafficPolicy = { tls: t }; });
    assertRejected(tls({ mode: 'MUTUAL' }), /client certificate required for mutual tls/);
    assertRejected(tls({ mode: 'MUTUAL', clientCertificate: '/c.pem' }), /private key required for mutual tls/);
    assertAccepted(tls({ mode: 'MUTUAL', clientCertificate: '/c.pem', privateKey: '/k.pem' }));
    assertAccepted(tls({ mode: 'MUTUAL', credentialName: 'client-credential' }));
    assertRejected(tls({ mode: 'MUTUAL', credentialName: 'client-credential', clientCertificate: '/c.pem' }), /cannot specify client certificates or CA certificate or CA CRL If credentialName is set/);
    assertRejected(tls({ mode: 'SIMPLE', credentialName: 'ca', caCertificates: '/ca.pem' }), /If credentialName is set/);
    assertRejected(tls({ mode: 'SIMPLE', insecureSkipVerify: true, caCertificates: '/ca.pem' }), /when InsecureSkipVerify is set true/);
    assertAccepted(tls({ mode: 'SIMPLE', sni: 'httpbin.org', subjectAltNames: ['httpbin.org'] }));
    // ISTIO_MUTUAL: the webhook imposes no field constraints.
    assertAccepted(tls({ mode: 'ISTIO_MUTUAL', sni: 'httpbin.org', subjectAltNames: ['spiffe://cluster.local/ns/istio-egress/sa/istio-egressgateway'] }));
  });

  it('checks durations and outlier detection', () => {
    assertRejected(mutated(destinationRule(), (o) => { o.spec.trafficPolicy = { connectionPool: { tcp: { connectTimeout: '0s' } } }; }), /connectTimeout: duration must be greater than 1ms/);
    assertRejected(mutated(destinationRule(), (o) => { o.spec.trafficPolicy = { outlierDetection: { maxEjectionPercent: 150 } }; }), /percentage 150 is not in range 0\.\.100/);
  });

  it('restricts exportTo when a workloadSelector is set', () => {
    assertRejected(
      mutated(destinationRule(), (o) => { o.spec.workloadSelector = { matchLabels: { istio: 'egressgateway' } }; o.spec.exportTo = ['*']; }),
      /destination rule with workload selector cannot have exportTo beyond current namespace/,
    );
    assertAccepted(mutated(destinationRule(), (o) => { o.spec.workloadSelector = { matchLabels: { istio: 'egressgateway' } }; }));
    assertRejected(mutated(destinationRule(), (o) => { o.spec.workloadSelector = { matchLabels: { istio: '*' } }; }), /wildcard is not supported in selector/);
  });
});
