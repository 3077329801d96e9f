/** Words the workload is made of: the names of apps, teams, vendors and services it invents. */

export const APP_WORDS = [
  'storefront', 'basket', 'checkout', 'wallet', 'catalog', 'search', 'stock', 'delivery', 'invoice',
  'orders', 'members', 'login', 'profile', 'mailer', 'suggest', 'ratings', 'prices', 'ledger',
  'reports', 'thumbnails', 'importer', 'cron', 'risk', 'rewards', 'quotes', 'refunds', 'vat',
  'promo', 'metrics', 'callbacks', 'gateway', 'sessions',
] as const;

export const SYSTEMS = ['retail', 'money', 'core', 'marketing', 'insights'] as const;

export const COMPONENTS = ['web', 'api', 'worker'] as const;

export const REGISTRY = 'registry.internal.example';

export const VENDORS = [
  'northwind', 'contoso', 'fabrikam', 'tailspin', 'adatum', 'litware', 'proseware', 'woodgrove',
  'wingtip', 'lucerne', 'fourthcoffee', 'alpineski', 'margie', 'blueyonder', 'coho', 'trey',
  'humongous', 'graphicdesign', 'southridge', 'lamna',
] as const;

export const TOP_LEVEL_DOMAINS = ['com', 'net', 'io', 'org', 'cn', 'dev'] as const;

export const SERVICE_PREFIXES = ['api', 'edge', 'cdn', 'events', 'files', 'status', 'sync', 'partner', 'rpc', 'ingest'] as const;

/** TCP services reached by IP or by name, with the port each listens on. */
export const TCP_SERVICES: readonly (readonly [name: string, port: number])[] = [
  ['postgres', 5432], ['mysql', 3306], ['redis', 6379], ['kafka', 9092], ['mongodb', 27017],
  ['ldap', 389], ['smtp', 587], ['rabbitmq', 5672], ['ssh', 22], ['sqlserver', 1433],
  ['memcached', 11211], ['nats', 4222],
];
