/**
 * Mock-server load: per provider, 10,000 create calls with 64 in flight through the generated client against
 * the generated mock (both from a fresh generation of specs/). Prints absolute figures, not ratios:
 * `mock <provider> rps <requests per second> p99_ms <99th percentile latency>`, and fails if a call fails, a
 * record is missing or stored twice, or a socket outlives the server.
 */
import { performance } from 'node:perf_hooks';
import { freshPackage } from '../test/support/fresh-package.ts';

const CALLS = Number(process.env.MOCK_BENCH_CALLS ?? 10_000);
const IN_FLIGHT = 64;

/* eslint-disable @typescript-eslint/no-explicit-any */
interface Case {
  provider: string;
  collection: string;
  auth: Record<string, string>;
  call(client: any, i: number): Promise<{ ok: boolean; error?: unknown }>;
}

const cases: Case[] = [
  {
    provider: 'jasper',
    collection: 'customers',
    auth: { username: 'mock-user', password: 'mock-password' },
    call: (c, i) => c.createCustomer({ body: { name: `Customer ${i}`, accountName: 'Acme', shipToBillAddress: true } }),
  },
  {
    provider: 'tier3',
    collection: 'accounts',
    auth: { apiKey: 'mock-user', password: 'mock-password' },
    call: (c, i) =>
      c.createAccount({
        body: { ParentAlias: '1000', Location: 'WA1', BusinessName: `Biz ${i}`, Address1: '1 Main St', City: 'Bellevue', StateProvince: 'WA', PostalCode: '98004', Country: 'USA', Telephone: '1', ShareParentNetworks: false, BillingResponsibilityID: 1 },
      }),
  },
  {
    provider: 'quickhelp',
    collection: 'customers',
    auth: { apiKey: 'mock-partner-key', subscriptionKey: 'mock-subscription-key' },
    call: (c, i) => c.createCustomerAccount({ body: { companyName: `Company ${i}`, accountType: 4, domains: [`c${i}.example`] } }),
  },
  {
    provider: 'avvio',
    collection: 'accounts',
    auth: { username: 'mock-user', password: 'mock-password' },
    call: (c, i) => c.createAccount({ body: { siteID: 1853, accountInformation: { nameFirst: 'Joe', nameLast: `Bloggs ${i}`, password: 'pw', email: `joe${i}@example.com` } } }),
  },
  {
    provider: 'portfolio-manager',
    collection: 'customers',
    auth: { username: 'mock-user', password: 'mock-password' },
    call: (c, i) =>
      c.createCustomer({
        body: {
          username: `user${i}`, password: 'PA$sw0r6', webserviceUser: true, searchable: false,
          contact: { firstName: 'Jack', lastName: 'Brown', email: 'jack@example.com', address: { address1: '1 South St', city: 'Arlington', postalCode: '22201', country: 'US' }, jobTitle: 'Admin', phone: '1' },
          organization: { name: 'ACME', primaryBusiness: 'Other', energyStarPartner: false },
        },
      }),
  },
];

const sockets = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap' || r === 'TCPServerWrap').length;

export async function run(): Promise<void> {
  const pkg = await freshPackage();
  try {
    for (const k of cases) {
      const mock = await pkg.load<{ startMockServer(o?: unknown): Promise<any> }>(`${k.provider}/mock.js`);
      const client = await pkg.load<{ createClient(o: unknown): any }>(`${k.provider}/client.js`);
      const before = sockets();
      const server = await mock.startMockServer();
      const c = client.createClient({ baseUrl: server.url, auth: k.auth });
      const latencies = new Float64Array(CALLS);
      let next = 0;
      let failed = 0;
      let firstError: unknown;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: IN_FLIGHT }, async () => {
          while (next < CALLS) {
            const i = next++;
            const s = performance.now();
            const r = await k.call(c, i);
            latencies[i] = performance.now() - s;
            if (!r.ok) {
              failed++;
              firstError ??= r.error;
            }
          }
        }),
      );
      const seconds = (performance.now() - t0) / 1000;
      const records = server.records(k.collection) as { id: unknown }[];
      const distinct = new Set(records.map((r) => String(r.id))).size;
      await server.close();
      for (let i = 0; i < 100 && sockets() > before; i++) await new Promise((r) => setTimeout(r, 20));
      const leaked = sockets() - before;
      latencies.sort();
      const p99 = latencies[Math.min(CALLS - 1, Math.ceil(CALLS * 0.99) - 1)]!;
      console.log(`mock ${k.provider} rps ${Math.round(CALLS / seconds)} p99_ms ${p99.toFixed(2)}`);
      if (failed > 0 || records.length !== CALLS || distinct !== CALLS || leaked > 0 || server.problems.length > 0) {
        throw new Error(
          `mock ${k.provider}: ${failed} failed calls (first: ${JSON.stringify(firstError)}), ${records.length} records (${distinct} distinct) for ${CALLS} calls, ${leaked} leaked sockets, problems: ${server.problems.slice(0, 2).join('; ')}`,
        );
      }
    }
  } finally {
    pkg.remove();
  }
}
