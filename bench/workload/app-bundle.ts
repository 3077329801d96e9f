/**
 * The resources of one app, written the way people write them: full-line and trailing
 * comments, `|`, `|-` and `>` block scalars, and quoted strings that would read as numbers or
 * booleans if they were plain.
 */
import type { App } from './apps.ts';
import type { Random } from './random.ts';
import { REGISTRY } from './vocabulary.ts';
import type { MapEntry, YamlMap } from './yaml-nodes.ts';
import { block, commentLine, doubleQuoted, field, map, plain, seq, singleQuoted, withComment } from './yaml-nodes.ts';

/** The first `app.resourceCount` of Deployment, Service, ConfigMap. */
export function appBundle(app: App, random: Random): YamlMap[] {
  const makers = [deployment, service, configMap];
  return makers.slice(0, app.resourceCount).map((make) => make(app, random));
}

function commonLabels(app: App): MapEntry {
  return field('labels', map(field('app', app.name), field('app.kubernetes.io/part-of', app.system)));
}

function deployment(app: App, random: Random): YamlMap {
  const owned = random.chance(0.3);
  const metadata: MapEntry[] = [field('name', app.name), field('namespace', app.namespace)];
  if (owned) metadata.push(commentLine(`owner: ${app.system} team; ask in #${app.system}-oncall before changing replicas`));
  metadata.push(field('labels', map(
    field('app', app.name),
    field('app.kubernetes.io/part-of', app.system),
    field('app.kubernetes.io/component', app.component),
  )));
  if (random.chance(0.2)) {
    metadata.push(field('annotations', map(field('kubernetes.io/change-cause', `release ${random.between(100, 999)} of ${app.name}, approved after the canary held for a day`))));
  }
  const replicas = random.between(1, 5);
  const env = [map(field('name', 'LOG_LEVEL'), field('value', random.pick(['info', 'warn', 'debug'])))];
  env.push(map(field('name', 'GOMAXPROCS'), field('value', doubleQuoted(String(random.between(1, 4))))));
  if (random.chance(0.5)) env.push(map(field('name', 'AUDIT_ENABLED'), field('value', singleQuoted(random.pick(['true', 'false'])))));
  const container: MapEntry[] = [
    field('name', app.component),
    field('image', `${REGISTRY}/${app.system}/${app.name}:2.${random.between(0, 40)}.${random.between(0, 9)}`),
    field('ports', seq(map(field('name', 'http'), field('containerPort', 8080)))),
    field('env', seq(...env)),
  ];
  if (random.chance(0.6)) {
    container.push(field('resources', map(field('requests', map(
      field('cpu', `${random.between(1, 8) * 50}m`),
      field('memory', `${random.pick([128, 256, 512])}Mi`),
    )))));
  }
  return map(
    field('apiVersion', 'apps/v1'),
    field('kind', 'Deployment'),
    field('metadata', map(...metadata)),
    field('spec', map(
      field('replicas', owned ? plain(replicas, 'enough for the evening peak') : replicas),
      field('selector', map(field('matchLabels', map(field('app', app.name))))),
      field('template', map(
        field('metadata', map(field('labels', map(field('app', app.name))))),
        field('spec', map(field('serviceAccountName', app.name), field('containers', seq(map(...container))))),
      )),
    )),
  );
}

function service(app: App, random: Random): YamlMap {
  const scraped = random.chance(0.6);
  const metadata: MapEntry[] = [field('name', app.name), field('namespace', app.namespace), commonLabels(app)];
  if (scraped) {
    metadata.push(field('annotations', map(
      field('prometheus.io/scrape', doubleQuoted('true')),
      field('prometheus.io/port', doubleQuoted('9102')),
    )));
  }
  const ports = [map(field('name', 'http'), field('port', 80), field('targetPort', 'http'), field('protocol', 'TCP'))];
  if (scraped) ports.push(map(field('name', 'metrics'), field('port', 9102), field('targetPort', 9102), field('protocol', 'TCP')));
  const spec: MapEntry[] = [field('type', 'ClusterIP'), field('selector', map(field('app', app.name)))];
  if (random.chance(0.2)) spec.push(commentLine('the mesh routes on the port name; keep "http" as it is'));
  spec.push(field('ports', seq(...ports)));
  if (random.chance(0.4)) spec.push(field('sessionAffinity', 'None'), field('ipFamilies', seq('IPv4')));
  return map(field('apiVersion', 'v1'), field('kind', 'Service'), field('metadata', map(...metadata)), field('spec', map(...spec)));
}

function configMap(app: App, random: Random): YamlMap {
  return map(
    field('apiVersion', 'v1'),
    field('kind', 'ConfigMap'),
    field('metadata', map(field('name', `${app.name}-settings`), field('namespace', app.namespace), commonLabels(app))),
    field('data', map(...configData(app, random))),
  );
}

function configData(app: App, random: Random): MapEntry[] {
  switch (random.between(0, 2)) {
    case 0:
      return [
        field('LISTEN_PORT', doubleQuoted('8080')),
        field('CACHE_ENABLED', singleQuoted('yes')),
        field('app.properties', block('|', [
          `spring.application.name=${app.name}`,
          `downstream.url=http://prices.${app.namespace}.svc.cluster.local`,
          `pool.size=${random.between(4, 64)}`,
          `timeout.ms=${random.between(200, 5000)}`,
        ].join('\n'))),
      ];
    case 1:
      return [
        commentLine('mounted at /etc/envoy-extra; the sidecar watches it'),
        field('health.json', block('|-', [
          '{',
          `  "service": "${app.name}",`,
          `  "intervalSeconds": ${random.between(5, 30)},`,
          '  "path": "/healthz"',
          '}',
        ].join('\n'))),
        field('UMASK', singleQuoted('0022')),
        field('VERSION', doubleQuoted(`1.${random.between(0, 20)}`)),
      ];
    default:
      return [
        field('notes', block('>', `Settings of ${app.name} in ${app.namespace}. They are read at start-up only,\nso a change needs a new rollout.`)),
        field('REGION', random.pick(['cn-hangzhou', 'cn-beijing', 'ap-southeast-1'])),
        field('RETRIES', withComment(doubleQuoted(String(random.between(1, 5))), 'the client library wants a string')),
        field('DRY_RUN', doubleQuoted(random.pick(['true', 'false']))),
      ];
  }
}
