/**
 * Finds each egress gateway by its name. Precedence: a per-gateway entry of the typed config,
 * then the package's own Service for the gateway, then the global settings (defaults follow
 * ASM and Istio's gateway chart: pods labelled `istio: <name>` behind
 * `<name>.istio-system.svc.cluster.local`, asm-egress-api.md §5).
 */
import type { FunctionConfig } from '../policy';
import type { GatewayTarget, PackageFacts, ServiceFact } from './types';

export function resolveGatewayTarget(name: string, config: FunctionConfig, facts: PackageFacts): GatewayTarget {
  const override = config.gateways.find((g) => g.name === name);
  const namespace = override?.namespace ?? config.gatewayNamespace;
  const substitute = (text: string): string => text.replaceAll('{gateway}', name).replaceAll('{namespace}', namespace);
  const configuredSelector = Object.fromEntries(Object.entries(config.gatewaySelector).map(([k, v]) => [k, substitute(v)]));
  const service = findGatewayService(name, namespace, override?.selector ?? configuredSelector, facts.services);

  if (override?.service !== undefined || override?.selector !== undefined) {
    const serviceHost = override.service ?? (service ? serviceHostOf(service) : substitute(config.gatewayService));
    return {
      name,
      namespace,
      selector: override.selector ?? (service && Object.keys(service.selector).length > 0 ? service.selector : configuredSelector),
      serviceHost,
      serviceNamespace: namespaceOfServiceHost(serviceHost, namespace),
      definedBy: 'config',
      ...(service ? { servicePorts: service.ports, packageService: `${service.namespace}/${service.name}`, targetPorts: service.targetPorts } : {}),
    };
  }
  if (service !== undefined) {
    return {
      name,
      namespace,
      selector: Object.keys(service.selector).length > 0 ? service.selector : configuredSelector,
      serviceHost: serviceHostOf(service),
      serviceNamespace: service.namespace,
      definedBy: 'package',
      servicePorts: service.ports,
      packageService: `${service.namespace}/${service.name}`,
      targetPorts: service.targetPorts,
    };
  }
  const serviceHost = substitute(config.gatewayService);
  return { name, namespace, selector: configuredSelector, serviceHost, serviceNamespace: namespaceOfServiceHost(serviceHost, namespace), definedBy: 'default' };
}

/** The package's Service for a gateway: by name in its namespace, else by an equal selector. */
function findGatewayService(name: string, namespace: string, selector: Record<string, string>, services: readonly ServiceFact[]): ServiceFact | undefined {
  const inNamespace = services.filter((s) => s.namespace === namespace);
  return (
    inNamespace.find((s) => s.name === name) ??
    inNamespace.find((s) => Object.keys(selector).length > 0 && sameLabels(s.selector, selector))
  );
}

function sameLabels(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

function serviceHostOf(service: ServiceFact): string {
  return `${service.name}.${service.namespace}.svc.cluster.local`;
}

/** `<svc>.<ns>.svc…` → `<ns>`; any other form keeps the gateway's namespace. */
function namespaceOfServiceHost(host: string, fallback: string): string {
  const parts = host.split('.');
  return parts.length >= 3 && parts[2] === 'svc' && parts[1] ? parts[1] : fallback;
}
