/**
 * The waypoint ambient sources egress through (seed 001): a Gateway API Gateway of class
 * `istio-waypoint` with the HBONE listener on 15008, in the egress namespace, named after
 * `spec.byEgressGateway.name`. It serves the ServiceEntries labelled `istio.io/use-waypoint`
 * with its name (`istio.io/waypoint-for: service`, written out though it is the default).
 */
import type { EgressPlan, WaypointPlan } from '../plan';
import { WAYPOINT_FOR_LABEL } from '../plan';
import { objectMeta } from './meta';

export const GATEWAY_API = 'gateway.networking.k8s.io/v1';
const HBONE_PORT = 15008;

export function renderWaypoint(plan: EgressPlan, waypoint: WaypointPlan): Record<string, unknown> {
  return {
    apiVersion: GATEWAY_API,
    kind: 'Gateway',
    metadata: objectMeta(waypoint.name, plan.egressNamespace, waypoint.policies,
      'waypoint for the ServiceEntries labelled istio.io/use-waypoint with its name: ambient workloads reach those hosts only through it', { [WAYPOINT_FOR_LABEL]: 'service' }),
    spec: {
      gatewayClassName: 'istio-waypoint',
      listeners: [{ name: 'mesh', port: HBONE_PORT, protocol: 'HBONE' }],
    },
  };
}
