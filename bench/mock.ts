/**
 * Mock-server load: per provider, 10,000 create calls with 64 in flight through the generated client against
 * the generated mock (both from a fresh generation of specs/). Prints absolute figures:
 * `mock <provider> rps <requests per second> p99_ms <99th percentile latency>`, and fails if a call fails, a
 * record is missing or stored twice, or a socket outlives the server.
 *
 * Then Jasper against Stoplight Prism 5 (`@stoplight/prism-cli`, pinned, installed on demand into .cache/, never
 * a dependency of the project): Prism mocking the same spec (at its defaults, and with `-v silent`) and our
 * mock, each a server process of its own on 127.0.0.1, driven by the same raw-socket HTTP load generator
 * (64 calls in flight, the same valid request with a unique name per call). Rounds alternate which server
 * goes first; `ratio mock-jasper-vs-prism` and `ratio mock-jasper-vs-prism-silent` are the medians of the
 * per-round ratios of requests per second (`-cpu` variants: of the server process's CPU time per call, from
 * /proc, steadier on a busy machine). Every server process is ended before the module returns.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { freshPackage, type FreshPackage } from '../test/support/fresh-package.ts';
import { median, ratioWithinRounds } from './_stats.ts';
import { ensureCached } from './_cache.ts';

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
    await versusPrism(pkg);
  } finally {
    pkg.remove();
  }
}

// ---- against Stoplight Prism ----------------------------------------------------------------------------

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PRISM = '@stoplight/prism-cli@5.14.2'; // 5.15 and later need Node 24
const PRISM_ROUNDS = Number(process.env.PRISM_BENCH_ROUNDS ?? 5);
const PRISM_CALLS = Number(process.env.PRISM_BENCH_CALLS ?? 3_000);

function ensurePrism(): string {
  return ensureCached(PRISM, 'prism', 'node_modules/@stoplight/prism-cli/dist/index.js');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

interface ServerProcess {
  name: string;
  url: string;
  child: ChildProcess;
}

/** Starts a server process and waits until it answers HTTP on `url` (any status). */
async function startProcess(name: string, args: string[], url: string): Promise<ServerProcess> {
  // Output goes nowhere (not to a pipe this process would have to read): Prism's default log costs it the
  // formatting, as in real use, and costs the load generator nothing.
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'ignore', 'ignore'] });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode} before listening`);
    try {
      await fetch(url, { method: 'GET' }).then((r) => r.arrayBuffer());
      return { name, url, child };
    } catch {
      if (Date.now() > deadline) {
        child.kill();
        throw new Error(`${name} did not listen on ${url} within 60 s`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

function stopProcess(p: ServerProcess): Promise<void> {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => p.child.kill('SIGKILL'), 5_000);
    p.child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    p.child.kill('SIGTERM');
  });
}

/**
 * PRISM_CALLS create calls, 64 in flight: 64 keep-alive HTTP/1.1 connections, each sending the next request
 * when the previous reply is complete; returns requests per second and the server's CPU seconds. The load
 * generator writes requests and reads replies on raw sockets (as wrk and autocannon do): node:http's client,
 * or the generated client with its validation on top, costs this process more per call than our mock costs
 * the server, so on a 2-core machine it, not the server, would set the pace. Each reply must be a complete
 * `200` with a Content-Length body holding the created customer's id; anything else fails the bench.
 */
async function drive(server: ServerProcess, offset: number): Promise<{ rps: number; cpu: number }> {
  const cpu0 = cpuSeconds(server);
  const { hostname, port } = new URL(server.url);
  const auth = `Basic ${Buffer.from('mock-user:mock-password').toString('base64')}`;
  const head = `POST /rws/api/v1/customers HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/json\r\nAccept: application/json\r\nAuthorization: ${auth}\r\n`;
  let next = 0;
  let failed = 0;
  let firstError: string | undefined;
  const connection = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const socket = connect(Number(port), hostname);
      let buf = '';
      const send = (): void => {
        if (next >= PRISM_CALLS) {
          socket.end();
          return resolve();
        }
        const body = JSON.stringify({ name: `Customer ${offset + next++}`, accountName: 'Acme', shipToBillAddress: true });
        socket.write(`${head}Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      };
      socket.setEncoding('utf8');
      socket.setNoDelay(true);
      socket.on('connect', send);
      socket.on('error', reject);
      socket.on('close', () => (next >= PRISM_CALLS ? resolve() : reject(new Error(`${server.name} closed a connection`))));
      socket.on('data', (d: string) => {
        buf += d;
        for (;;) {
          const end = buf.indexOf('\r\n\r\n');
          if (end === -1) return;
          const m = /\r\ncontent-length: *(\d+)/i.exec(buf.slice(0, end));
          if (!m) return reject(new Error(`${server.name}: a reply without Content-Length: ${buf.slice(0, 200)}`));
          const total = end + 4 + Number(m[1]);
          if (Buffer.byteLength(buf) < total) return; // the body is ASCII JSON here; checked below
          const reply = buf.slice(0, total);
          buf = buf.slice(total);
          if (!reply.startsWith('HTTP/1.1 200 ') || !/"customerId":\s*\d/.test(reply.slice(end + 4))) {
            failed++;
            firstError ??= reply.slice(0, 300);
          }
          send();
        }
      });
    });
  const t0 = performance.now();
  await Promise.all(Array.from({ length: IN_FLIGHT }, connection));
  const rps = PRISM_CALLS / ((performance.now() - t0) / 1000);
  if (failed > 0) throw new Error(`${server.name}: ${failed} of ${PRISM_CALLS} calls failed (first: ${String(firstError)})`);
  return { rps, cpu: cpuSeconds(server) - cpu0 };
}

/**
 * CPU seconds the server process has used (all its threads; user + system, from /proc): what a request costs
 * the server whatever else this shared machine is running at the time. NaN where /proc is not there.
 */
function cpuSeconds(server: ServerProcess): number {
  try {
    const stat = readFileSync(`/proc/${server.child.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return NaN;
  }
}
const TICKS = 100; // USER_HZ, 100 on Linux on every architecture Node runs on

async function versusPrism(pkg: FreshPackage): Promise<void> {
  const prism = ensurePrism();
  const spec = path.join(root, 'specs/jasper/openapi.yaml');
  const servers: ServerProcess[] = [];
  try {
    const start = async (name: string, args: (port: number) => string[]): Promise<ServerProcess> => {
      const port = await freePort();
      const s = await startProcess(name, args(port), `http://127.0.0.1:${port}`);
      servers.push(s);
      return s;
    };
    const ours = await start('provgen mock', (port) => ['--import', 'tsx', path.join(root, 'generator/mock-cli.ts'), 'jasper', '--port', String(port), '--dir', pkg.dir]);
    const prismDefault = await start('prism', (port) => [prism, 'mock', spec, '-h', '127.0.0.1', '-p', String(port)]);
    const prismSilent = await start('prism -v silent', (port) => [prism, 'mock', spec, '-h', '127.0.0.1', '-p', String(port), '-v', 'silent']);
    const all = [ours, prismDefault, prismSilent];
    // Two warm-up passes each (JIT, keep-alive sockets), not counted.
    let offset = 0;
    for (let w = 0; w < 2; w++) for (const s of all) offset += (await drive(s, offset), PRISM_CALLS);
    const rps = new Map<ServerProcess, number[]>(all.map((s) => [s, []]));
    const cpu = new Map<ServerProcess, number[]>(all.map((s) => [s, []]));
    for (let round = 0; round < PRISM_ROUNDS; round++) {
      const order = round % 2 === 0 ? all : [...all].reverse();
      for (const s of order) {
        const r = await drive(s, offset);
        rps.get(s)!.push(r.rps);
        cpu.get(s)!.push(r.cpu);
        offset += PRISM_CALLS;
      }
    }
    for (const s of all) {
      const us = (median(cpu.get(s)!) / PRISM_CALLS) * 1e6;
      console.log(`mock jasper ${s.name.replace(/ /g, '-')} rps ${Math.round(median(rps.get(s)!))} server_cpu_us_per_call ${us.toFixed(0)}`);
    }
    // ratioWithinRounds(a, b) is the median of a[i] / b[i]: here ours / Prism, above 1 = ours serves more.
    console.log(`ratio mock-jasper-vs-prism ${ratioWithinRounds(rps.get(ours)!, rps.get(prismDefault)!).toFixed(2)}`);
    console.log(`ratio mock-jasper-vs-prism-silent ${ratioWithinRounds(rps.get(ours)!, rps.get(prismSilent)!).toFixed(2)}`);
    // The same comparison by the server's CPU time per call (Prism's / ours), steadier on a busy machine.
    console.log(`ratio mock-jasper-vs-prism-cpu ${ratioWithinRounds(cpu.get(prismDefault)!, cpu.get(ours)!).toFixed(2)}`);
    console.log(`ratio mock-jasper-vs-prism-silent-cpu ${ratioWithinRounds(cpu.get(prismSilent)!, cpu.get(ours)!).toFixed(2)}`);
  } finally {
    await Promise.all(servers.map(stopProcess));
  }
}
