/**
 * The generated clients against strict stand-ins of the five vendors over real HTTP on 127.0.0.1
 * (test/support/vendor-servers.ts): every operation in every format, success and each class of failure,
 * session logon and re-logon, secrets kept out of errors and hooks, UTF-8 Basic auth, lossless int64.
 * The clients come from a scratch generation of the current specs and code, imported as a consumer would.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { inspect } from 'node:util';
import ts from 'typescript';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { writeOutput } from '../generator/output.ts';
import { generate } from '../generator/pipeline.ts';
import { specsDir } from './support/paths.ts';
import {
  avvioServer,
  closedPort,
  jasperServer,
  portfolioManagerServer,
  quickHelpServer,
  tier3Server,
  type Tier3Server,
  type VendorServer,
} from './support/vendor-servers.ts';
import { strictOptions } from './support/typecheck.ts';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Mod = { createClient: (options: any) => any };
type AnyResult = { ok: true; status: number; data: any } | { ok: false; error: any };

let out: string;
const mods: Record<string, Mod> = {};
let runtime: any;

// Credentials, non-ASCII where the wire allows it, so UTF-8 handling is always exercised.
const JASPER = { username: 'jörg.müller', password: 'pässwörd€:with colon' };
const PM = { username: 'acme_provider', password: 'Zürich#2024' };
const AVVIO = { username: 'api-user', password: 'avvio-sëcret-pw' };
const QH = { apiKey: 'qh-api-key-7c1d2e', subscriptionKey: 'qh-sub-key-90ab', customerKey: 'qh-customer-only-key' };
const T3 = { apiKey: 'tier3-api-key-55aa', password: 'tier3-pass-word' };
const SECRETS = [JASPER.password, PM.password, AVVIO.password, QH.apiKey, QH.subscriptionKey, T3.apiKey, T3.password];

const servers: {
  jasper: VendorServer;
  pm: VendorServer;
  avvio: VendorServer;
  qh: VendorServer;
  t3: Tier3Server;
} = {} as any;

/** Everything a test saw that could leak: error objects and hook output. Checked for secrets at the end. */
const seen: unknown[] = [];
function keep<T>(r: T): T {
  seen.push(r);
  return r;
}
const hooks = {
  onRequest: (info: unknown) => seen.push(info),
  onResponse: (info: unknown) => seen.push(info),
};

beforeAll(async () => {
  out = mkdtempSync(path.join(tmpdir(), 'provgen-client-'));
  writeOutput(out, (await generate(specsDir)).files);
  for (const p of ['jasper', 'portfolio-manager', 'avvio', 'quickhelp', 'tier3']) {
    mods[p] = (await import(pathToFileURL(path.join(out, p, 'index.js')).href)) as Mod;
  }
  runtime = await import(pathToFileURL(path.join(out, 'runtime', 'client.js')).href);
  servers.jasper = await jasperServer(JASPER).start();
  servers.pm = await portfolioManagerServer(PM, '/ws').start();
  servers.avvio = await avvioServer(AVVIO, '/crm/api.php').start();
  servers.qh = await quickHelpServer(QH).start();
  servers.t3 = await tier3Server(T3).start();
}, 120_000);

afterAll(async () => {
  await Promise.all(Object.values(servers).map((s) => s?.close()));
  if (out) rmSync(out, { recursive: true, force: true });
});

beforeEach(() => {
  for (const s of Object.values(servers)) s.reset();
  servers.t3.logons = 0;
  servers.t3.creates = 0;
});

function expectClean(s: VendorServer): void {
  expect(s.violations).toEqual([]);
}

// ---- shared fixtures -------------------------------------------------------------------------------------

const t3Account = (business: string) => ({
  ParentAlias: '1000',
  AccountAlias: 'DEMO',
  Location: 'WA1',
  BusinessName: business,
  Address1: '110 110th Avenue',
  Address2: 'Suite 520',
  City: 'Bellevue',
  StateProvince: 'WA',
  PostalCode: '98004',
  Country: 'USA',
  Telephone: '877-388-4373',
  Fax: '877-388-4374',
  TimeZone: 'Pacific Standard Time',
  ShareParentNetworks: true,
  BillingResponsibilityID: 2,
});

const pmAccount = (username: string) => ({
  username,
  password: 'PA$sw0r6x',
  webserviceUser: true,
  searchable: false,
  contact: {
    firstName: 'Jack',
    lastName: 'Brown',
    address: { address1: '123 South St', city: 'Arlington', state: 'VA', postalCode: '22201', country: 'US' },
    email: 'jack_brown@acme.com',
    jobTitle: 'Building Administrator',
    phone: '703-555-2121',
  },
  organization: { name: 'ACME Corporation', primaryBusiness: 'Other', otherBusinessDescription: 'other', energyStarPartner: true, energyStarPartnerType: 'Service and Product Providers' },
});

// ---- Jasper ----------------------------------------------------------------------------------------------

describe('jasper (JSON, HTTP Basic, numeric codes)', () => {
  const client = () => mods.jasper!.createClient({ baseUrl: servers.jasper.origin, auth: JASPER, ...hooks });

  it('creates a customer; apiVersion is filled in; Basic auth is UTF-8', async () => {
    const r: AnyResult = await client().createCustomer({ body: { name: 'Acme One', accountName: 'Acme', shipToBillAddress: true } });
    expect(r).toEqual({ headers: expect.any(Object), attempts: 1, ok: true, status: 200, data: { customerId: expect.any(Number), timestamp: 1527590173 } });
    const req = servers.jasper.requests[0]!;
    expect(req.url).toBe('/rws/api/v1/customers');
    expect(req.headers.authorization).toBe(`Basic ${Buffer.from(`${JASPER.username}:${JASPER.password}`, 'utf8').toString('base64')}`);
    expect(req.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req.body)).toEqual({ name: 'Acme One', accountName: 'Acme', shipToBillAddress: true });
    expectClean(servers.jasper);
  });

  it('rejects a request before sending it, with the vendor code and text of the broken rule', async () => {
    const r: AnyResult = keep(await client().createCustomer({ body: { name: 'x'.repeat(61), accountName: 'Acme', shipToBillAddress: true } }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ kind: 'validation', code: '10000582', operation: 'createCustomer' });
    expect(r.error.message).toBe('/body/name: Invalid customer name. Number of characters allowed 1 - 60.');
    expect(r.error.issues[0]).toMatchObject({ path: '/body/name', keyword: 'maxLength', code: '10000582' });
    const v: AnyResult = keep(await client().createCustomer({ apiVersion: 2, body: { name: 'A', accountName: 'Acme', shipToBillAddress: true } }));
    expect(!v.ok && v.error).toMatchObject({ kind: 'validation', code: '10000024', issues: [{ path: '/apiVersion', keyword: 'enum' }] });
    expect(servers.jasper.requests).toHaveLength(0);
  });

  it('HTTP 400 and 404 carry the typed error body, errorCode and errorMessage', async () => {
    const c = client();
    await c.createCustomer({ body: { name: 'Twice', accountName: 'Acme', shipToBillAddress: true } });
    const dup: AnyResult = keep(await c.createCustomer({ body: { name: 'Twice', accountName: 'Acme', shipToBillAddress: true } }));
    expect(!dup.ok && dup.error).toEqual({
      kind: 'http', status: 400, documented: true, operation: 'createCustomer',
      body: { errorCode: '10000602', errorMessage: 'Duplicate customer name.' }, code: '10000602', message: 'Duplicate customer name.',
    });
    const nf: AnyResult = keep(await c.createCustomer({ body: { name: 'X', accountName: 'Nowhere', shipToBillAddress: true } }));
    expect(!nf.ok && nf.error).toMatchObject({ kind: 'http', status: 404, documented: true, code: '20000003', message: 'Resource not found - Invalid accountId.' });
    expectClean(servers.jasper);
  });

  it('HTTP 401 (not in the spec) is an undocumented http failure', async () => {
    const c = mods.jasper!.createClient({ baseUrl: servers.jasper.origin, auth: { username: 'jörg.müller', password: 'wrong-пароль' }, ...hooks });
    const r: AnyResult = keep(await c.createCustomer({ body: { name: 'N', accountName: 'Acme', shipToBillAddress: true } }));
    expect(!r.ok && r.error).toMatchObject({ kind: 'http', status: 401, documented: false, code: undefined, message: 'HTTP 401 Unauthorized' });
    expect(JSON.stringify(r)).not.toContain('wrong-пароль');
  });

  it('reads an int64 beyond 2^53 as a bigint, exactly', async () => {
    const r: AnyResult = await client().createCustomer({ body: { name: 'BigTime', accountName: 'Acme', shipToBillAddress: true } });
    expect(r.ok && r.data.timestamp).toBe(9223372036854775807n);
  });

  it('network failure, timeout, abort, undecodable and off-spec replies resolve, never throw', async () => {
    const port = await closedPort();
    const dead = mods.jasper!.createClient({ baseUrl: `http://127.0.0.1:${port}`, auth: JASPER, ...hooks });
    const body = { name: 'N', accountName: 'Acme', shipToBillAddress: true };
    const net: AnyResult = keep(await dead.createCustomer({ body }));
    expect(!net.ok && net.error.kind).toBe('network');
    expect(!net.ok && net.error.message).toMatch(/ECONNREFUSED/);

    servers.jasper.next('hang');
    const slow: AnyResult = keep(await client().createCustomer({ body }, { timeoutMs: 150 }));
    expect(!slow.ok && slow.error).toMatchObject({ kind: 'timeout', message: 'createCustomer: no complete reply within 150 ms' });

    servers.jasper.next('hang');
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const aborted: AnyResult = keep(await client().createCustomer({ body }, { signal: ac.signal }));
    expect(!aborted.ok && aborted.error.kind).toBe('aborted');
    const pre: AnyResult = await client().createCustomer({ body }, { signal: AbortSignal.abort() });
    expect(!pre.ok && pre.error.kind).toBe('aborted');

    servers.jasper.next({ status: 200, headers: { 'content-type': 'application/json' }, body: '<html>gateway</html>' });
    const bad: AnyResult = keep(await client().createCustomer({ body }));
    expect(!bad.ok && bad.error).toMatchObject({ kind: 'decode', status: 200 });

    servers.jasper.next('drop');
    const dropped: AnyResult = keep(await client().createCustomer({ body }));
    expect(!dropped.ok && dropped.error.kind).toBe('network');

    servers.jasper.next({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"customerId":"12","timestamp":1}' });
    const off: AnyResult = keep(await client().createCustomer({ body }));
    expect(!off.ok && off.error).toMatchObject({ kind: 'response-validation', status: 200, issues: [{ path: '/customerId' }] });
    servers.jasper.next({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"customerId":"12","timestamp":1}' });
    const lax = mods.jasper!.createClient({ baseUrl: servers.jasper.origin, auth: JASPER, validateResponse: false });
    expect(await lax.createCustomer({ body })).toEqual({ headers: expect.any(Object), attempts: 1, ok: true, status: 200, data: { customerId: '12', timestamp: 1 } });

    servers.jasper.next({ status: 503, headers: { 'content-type': 'text/html' }, body: '<h1>down</h1>' });
    const down: AnyResult = keep(await client().createCustomer({ body }));
    expect(!down.ok && down.error).toMatchObject({ kind: 'http', status: 503, documented: false, body: undefined });
    // A custom fetch that resolves to no Response at all: a network failure, not a rejected promise.
    for (const given of [undefined, null, 'text']) {
      const odd = mods.jasper!.createClient({ baseUrl: servers.jasper.origin, auth: JASPER, retry: false, fetch: (async () => given) as never });
      const r: AnyResult = await odd.createCustomer({ body });
      expect(!r.ok && r.error).toMatchObject({ kind: 'network', message: 'createCustomer: fetch resolved without a Response' });
    }
  });

  it('hooks see method, URL, status, timing and headers, with secrets redacted', async () => {
    const log: any[] = [];
    const c = mods.jasper!.createClient({ baseUrl: servers.jasper.origin, auth: JASPER, onRequest: (i: any) => log.push(i), onResponse: (i: any) => log.push(i) });
    await c.createCustomer({ body: { name: 'Hooked', accountName: 'Acme', shipToBillAddress: true } });
    expect(log[0]).toEqual({ operation: 'createCustomer', method: 'POST', url: `${servers.jasper.origin}/rws/api/v1/customers`, headers: { accept: 'application/json', 'content-type': 'application/json', authorization: '[redacted]' }, attempt: 1 });
    expect(log[1]).toMatchObject({ operation: 'createCustomer', method: 'POST', status: 200, headers: { 'content-type': 'application/json; charset=utf-8' } });
    expect(log[1].durationMs).toBeGreaterThanOrEqual(0);
    seen.push(...log);
  });

  it('createClient refuses unusable options without echoing secrets', () => {
    const make = (o: any) => () => mods.jasper!.createClient(o);
    expect(make({ auth: JASPER })).toThrow(/baseUrl is required/);
    expect(make({ baseUrl: 'https://user:topsecret@example.com', auth: JASPER })).toThrow(/must not contain credentials/);
    expect(make({ baseUrl: 'https://user:topsecret@example.com', auth: JASPER })).not.toThrow(/topsecret/);
    expect(make({ baseUrl: 'https://x.test', auth: { username: 'a' } })).toThrow(/auth.password must be a string/);
    expect(make({ baseUrl: 'https://x.test', auth: { username: 'a:b', password: 'p' } })).toThrow(/cannot contain ":"/);
  });
});

// ---- Portfolio Manager -----------------------------------------------------------------------------------

describe('portfolio-manager (XML both ways, HTTP Basic)', () => {
  const client = () => mods['portfolio-manager']!.createClient({ baseUrl: `${servers.pm.origin}/ws`, auth: PM, ...hooks });

  it('creates a customer: XML out, the reply root as plain data, a single <link> still an array', async () => {
    const r: AnyResult = await client().createCustomer({ body: pmAccount('acme_customer') });
    expect(r).toEqual({
      headers: expect.any(Object), attempts: 1, ok: true, status: 201,
      data: { status: 'Ok', id: 23421, links: { link: [{ httpMethod: 'GET', link: '/customer/23421', linkDescription: 'This is the GET url for this Customer.' }] } },
    });
    const req = servers.pm.requests[0]!;
    expect(req.url).toBe('/ws/customer');
    expect(req.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(req.headers.accept).toBe('application/xml');
    expect(req.body.startsWith('<?xml')).toBe(true);
    expectClean(servers.pm);
  });

  it('HTTP 400 gives errorNumber and errorDescription as code and message', async () => {
    const c = client();
    await c.createCustomer({ body: pmAccount('taken_name') });
    const r: AnyResult = keep(await c.createCustomer({ body: pmAccount('taken_name') }));
    expect(!r.ok && r.error).toMatchObject({
      kind: 'http', status: 400, documented: true, code: '-200', message: 'That username is already taken; choose another one.',
      body: { status: 'Error', errors: { error: [{ errorNumber: '-200', errorDescription: 'That username is already taken; choose another one.' }] } },
    });
  });

  it('HTTP 401, declared without a body, in the error shape (x-errors): its errorNumber is the code', async () => {
    const c = mods['portfolio-manager']!.createClient({ baseUrl: `${servers.pm.origin}/ws`, auth: { username: PM.username, password: 'nope-nope' }, ...hooks });
    const r: AnyResult = keep(await c.createCustomer({ body: pmAccount('someone') }));
    expect(!r.ok && r.error).toEqual({
      kind: 'http', status: 401, documented: true, code: '-100', message: 'Authentication failed: the user name or password is not valid.', operation: 'createCustomer',
      body: { status: 'Error', errors: { error: [{ errorNumber: '-100', errorDescription: 'Authentication failed: the user name or password is not valid.' }] } },
    });
  });

  it('an undeclared status in the error shape is read too; a body outside the shape, or another media type, is only the status', async () => {
    const shaped = '<response status="Error"><errors><error errorNumber="-200" errorDescription="Too many accounts today."/></errors></response>';
    servers.pm.next({ status: 403, headers: { 'content-type': 'application/xml' }, body: shaped });
    const r: AnyResult = keep(await client().createCustomer({ body: pmAccount('shape_one') }));
    expect(!r.ok && r.error).toMatchObject({ kind: 'http', status: 403, documented: false, code: '-200', message: 'Too many accounts today.', body: { status: 'Error' } });
    servers.pm.next({ status: 401, headers: { 'content-type': 'application/xml' }, body: '<response status="Broken"/>' });
    const invalid: AnyResult = keep(await client().createCustomer({ body: pmAccount('shape_two') }));
    expect(!invalid.ok && invalid.error).toEqual({ kind: 'http', status: 401, documented: true, body: undefined, code: undefined, message: 'HTTP 401 Unauthorized: The Basic credentials were missing or wrong.', operation: 'createCustomer' });
    servers.pm.next({ status: 401, headers: { 'content-type': 'text/plain' }, body: shaped });
    const other: AnyResult = keep(await client().createCustomer({ body: pmAccount('shape_three') }));
    expect(!other.ok && other.error).toMatchObject({ status: 401, code: undefined, body: undefined });
  });

  it('validates against the XSD facts before sending', async () => {
    const r: AnyResult = keep(await client().createCustomer({ body: { ...pmAccount('short_pw'), password: 'short' } }));
    expect(!r.ok && r.error).toMatchObject({ kind: 'validation', issues: [{ path: '/body/password', keyword: 'minLength' }] });
    expect(servers.pm.requests).toHaveLength(0);
  });

  it('an XML reply with the wrong root element, or not well formed, is a decode failure', async () => {
    servers.pm.next({ status: 201, headers: { 'content-type': 'application/xml' }, body: '<account><id>1</id></account>' });
    const wrong: AnyResult = keep(await client().createCustomer({ body: pmAccount('decode_one') }));
    expect(!wrong.ok && wrong.error).toMatchObject({ kind: 'decode', status: 201, message: expect.stringContaining('<response>') });
    servers.pm.next({ status: 201, headers: { 'content-type': 'application/xml' }, body: '<response status="Ok"><id>1</response>' });
    const broken: AnyResult = keep(await client().createCustomer({ body: pmAccount('decode_two') }));
    expect(!broken.ok && broken.error.kind).toBe('decode');
  });

  it('defaults to the first server of the spec (the test environment)', async () => {
    const urls: string[] = [];
    const c = mods['portfolio-manager']!.createClient({
      auth: PM,
      fetch: async (url: string) => {
        urls.push(url);
        return new Response('<response status="Ok"><id>1</id></response>', { status: 201, headers: { 'content-type': 'application/xml' } });
      },
    });
    const r: AnyResult = await c.createCustomer({ body: pmAccount('x_user') });
    expect(urls).toEqual(['https://portfoliomanager.energystar.gov/wstest/customer']);
    expect(r).toEqual({ headers: expect.any(Object), attempts: 1, ok: true, status: 201, data: { status: 'Ok', id: 1 } });
  });
});

// ---- Avvio -----------------------------------------------------------------------------------------------

describe('avvio (RPC JSON, credentials in the body)', () => {
  const client = (o: object = {}) => mods.avvio!.createClient({ baseUrl: `${servers.avvio.origin}/crm/api.php`, auth: AVVIO, ...hooks, ...o });
  const info = { nameFirst: 'Joe', nameLast: 'Bloggs', password: 'password123', email: 'joe@example.com' };

  it('posts to the base URL itself and fills userAuth and operation', async () => {
    const r: AnyResult = await client().createAccount({ body: { siteID: 1853, accountInformation: info } });
    expect(r).toEqual({ headers: expect.any(Object), attempts: 1, ok: true, status: 200, data: { status: 'ok', accountID: 8796093023822 } });
    const req = servers.avvio.requests[0]!;
    expect(req.url).toBe('/crm/api.php');
    expect(JSON.parse(req.body)).toEqual({ siteID: 1853, accountInformation: info, userAuth: AVVIO, operation: 'createAccount' });
    expect(req.headers.authorization).toBeUndefined();
    expectClean(servers.avvio);
  });

  it('round-trips integers beyond 2^53: bigint out as digits, bigint back', async () => {
    const r: AnyResult = await client({ validateRequest: false }).createAccount({ body: { siteID: 2n ** 60n, accountInformation: { ...info, nameFirst: 'Big' } } });
    expect(servers.avvio.requests[0]!.body).toContain('"siteID":1152921504606846976');
    expect(r.ok && r.data.accountID).toBe(9223372036854775807n);
  });

  it('a wrong password: HTTP 200 with status "error" is a vendor failure (x-vendor-status), code and message from the body', async () => {
    const c = mods.avvio!.createClient({ baseUrl: `${servers.avvio.origin}/crm/api.php`, auth: { username: 'api-user', password: 'bad-avvio-pw' }, ...hooks });
    const r: AnyResult = keep(await c.createAccount({ body: { siteID: 1, accountInformation: info } }));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toEqual({
      kind: 'vendor', status: 200, code: 'AUTH', message: 'Authentication failed', operation: 'createAccount',
      body: { status: 'error', errorCode: 'AUTH', message: 'Authentication failed' },
    });
    expect(inspect(!r.ok && r.error.message)).not.toContain('bad-avvio-pw');
  });

  it('a 200 whose status is not "ok" without a message takes the catalog text; an HTTP error status is the documented default body', async () => {
    servers.avvio.next({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"status":"error","errorCode":"AUTH"}' });
    const r: AnyResult = keep(await client().createAccount({ body: { siteID: 1, accountInformation: info } }));
    expect(!r.ok && r.error).toMatchObject({ kind: 'vendor', code: 'AUTH', message: 'Authentication failed' });
    servers.avvio.next({ status: 503, headers: { 'content-type': 'application/json' }, body: '{"status":"error","message":"Down for maintenance."}' });
    const down: AnyResult = keep(await client().createAccount({ body: { siteID: 1, accountInformation: info } }));
    expect(!down.ok && down.error).toMatchObject({ kind: 'http', status: 503, documented: true, message: 'Down for maintenance.' });
  });

  it('validation: the caller cannot leave out what the vendor requires', async () => {
    const r: AnyResult = keep(await client().createAccount({ body: { siteID: 1, accountInformation: { nameFirst: 'A', nameLast: 'B' } } as any }));
    expect(!r.ok && r.error).toMatchObject({ kind: 'validation', code: undefined, issues: [{ path: '/body/accountInformation/password', keyword: 'required' }] });
  });
});

// ---- QuickHelp -------------------------------------------------------------------------------------------

describe('quickhelp (JSON or XML, API key + subscription key)', () => {
  const client = (o: object = {}) => mods.quickhelp!.createClient({ baseUrl: servers.qh.origin, auth: { apiKey: QH.apiKey, subscriptionKey: QH.subscriptionKey }, ...hooks, ...o });
  const dto = { companyName: 'Acme', accountType: 4, contractStatus: 1, domains: ['acme.example'] };

  it('JSON: sends both keys as headers and returns the update DTO', async () => {
    const r: AnyResult = await client().createCustomerAccount({ body: dto });
    expect(r).toEqual({ headers: expect.any(Object), attempts: 1, ok: true, status: 200, data: { customerId: 1, companyName: 'Acme', accountType: 4, domains: ['acme.example'], contractStatus: 1, isActive: true, launchCustomer: false } });
    const req = servers.qh.requests[0]!;
    expect(req.headers.authorization).toBe(QH.apiKey);
    expect(req.headers['ocp-apim-subscription-key']).toBe(QH.subscriptionKey);
    expect(req.headers['content-type']).toBe('application/json');
    expectClean(servers.qh);
  });

  it('XML with format "xml": schema order, unwrapped repeats, the same typed data', async () => {
    const r: AnyResult = await client({ format: 'xml' }).createCustomerAccount({ body: { ...dto, companyName: 'Acme XML' } });
    expect(r).toEqual({ headers: expect.any(Object), attempts: 1, ok: true, status: 200, data: { customerId: expect.any(Number), companyName: 'Acme XML', accountType: 4, domains: ['acme.example'], contractStatus: 1, isActive: true, launchCustomer: false } });
    const req = servers.qh.requests[0]!;
    expect(req.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(req.body).toMatch(/<companyName>Acme XML<\/companyName>.*<accountType>4<\/accountType>.*<domains>acme\.example<\/domains>/s);
    const perCall: AnyResult = await client().createCustomerAccount({ body: { ...dto, companyName: 'Per call' } }, { format: 'xml' });
    expect(perCall.ok).toBe(true);
    expect(servers.qh.requests[1]!.headers.accept).toBe('application/xml');
    expectClean(servers.qh);
  });

  it('HTTP 400: ModelState messages become the error message (JSON); XML falls back to the spec text', async () => {
    const r: AnyResult = keep(await client({ validateRequest: false }).createCustomerAccount({ body: { accountType: 4 } }));
    expect(!r.ok && r.error).toMatchObject({ kind: 'http', status: 400, documented: true, code: undefined, message: 'companyName: The CompanyName field is required.' });
    const x: AnyResult = keep(await client({ validateRequest: false, format: 'xml' }).createCustomerAccount({ body: { accountType: 4 } }));
    expect(!x.ok && x.error).toMatchObject({ kind: 'http', status: 400, documented: true, body: {} });
    expect(!x.ok && x.error.message).toMatch(/^HTTP 400 Bad Request: The request body failed validation/);
  });

  it('HTTP 401 from the gateway and 403 for an account below Partner', async () => {
    const r: AnyResult = keep(await mods.quickhelp!.createClient({ baseUrl: servers.qh.origin, auth: { apiKey: QH.apiKey, subscriptionKey: 'wrong-sub-key' }, ...hooks }).createCustomerAccount({ body: dto }));
    expect(!r.ok && r.error).toMatchObject({ kind: 'http', status: 401, documented: true, body: { statusCode: 401 }, message: expect.stringMatching(/^Access denied due to invalid subscription key/) });
    const f: AnyResult = keep(await mods.quickhelp!.createClient({ baseUrl: servers.qh.origin, auth: { apiKey: QH.customerKey, subscriptionKey: QH.subscriptionKey }, ...hooks }).createCustomerAccount({ body: dto }));
    expect(!f.ok && f.error).toMatchObject({ kind: 'http', status: 403, documented: true, body: undefined });
    expect(!f.ok && f.error.message).toContain('below "Partner"');
  });

  it('hooks never show either key', async () => {
    const log: any[] = [];
    await client({ onRequest: (i: any) => log.push(i) }).createCustomerAccount({ body: { ...dto, companyName: 'Hooked' } });
    expect(log[0].headers).toMatchObject({ authorization: '[redacted]', 'ocp-apim-subscription-key': '[redacted]' });
    seen.push(...log);
  });
});

// ---- Tier 3 ----------------------------------------------------------------------------------------------

describe('tier3 (REST JSON, REST XML, SOAP 1.2; session cookie)', () => {
  const client = (o: object = {}) => mods.tier3!.createClient({ baseUrl: servers.t3.origin, auth: T3, ...hooks, ...o });

  it('logon() takes no argument, in JSON and in XML, and keeps the session cookie', async () => {
    for (const format of ['json', 'xml']) {
      const c = client({ format });
      const r: AnyResult = await c.logon();
      expect(r).toEqual({ headers: expect.any(Object), attempts: 1, ok: true, status: 200, data: { Success: true, Message: 'Login Successful', StatusCode: 0 } });
      const created: AnyResult = await c.createAccount({ body: t3Account(`Logon ${format}`) });
      expect(created.ok).toBe(true);
      const [logon, create] = servers.t3.requests.slice(-2);
      expect(create!.headers.cookie).toMatch(/^Tier3\.API\.Cookie=Seed=[0-9a-f]+F00D/);
      expect(logon!.headers['content-type']).toBe(format === 'json' ? 'application/json' : 'application/xml; charset=utf-8');
    }
    expectClean(servers.t3);
  });

  it('createAccount gives the same typed data over REST JSON, REST XML and SOAP 1.2', async () => {
    const results: any[] = [];
    for (const format of ['json', 'xml', 'soap']) {
      const r: AnyResult = await client({ format }).createAccount({ body: t3Account(`Same ${format}`) });
      expect(r.ok, JSON.stringify(r)).toBe(true);
      results.push(r.ok && { ...r.data, AccountDetails: { ...r.data.AccountDetails, BusinessName: 'x' } });
    }
    expect(results[0]).toEqual({
      Success: true, Message: 'Account successfully created.', StatusCode: 0,
      AccountDetails: {
        AccountAlias: 'DEMO', ParentAlias: '1000', Location: 'WA1', BusinessName: 'x', Address1: '110 110th Avenue', Address2: 'Suite 520',
        City: 'Bellevue', StateProvince: 'WA', PostalCode: '98004', Country: 'USA', Telephone: '877-388-4373', Fax: '877-388-4374',
        TimeZone: 'Pacific Standard Time', Status: 1, ShareParentNetworks: true,
      },
    });
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
    const paths = servers.t3.requests.map((r) => r.url);
    expect(paths).toEqual([
      '/REST/Auth/Logon/', '/REST/Account/CreateAccount/JSON',
      '/REST/Auth/Logon/', '/REST/Account/CreateAccount/XML',
      '/REST/Auth/Logon/', '/SOAP/Account.asmx',
    ]);
    const soap = servers.t3.requests[5]!;
    expect(soap.headers['content-type']).toBe('application/soap+xml; charset=utf-8; action="http://www.tier3.com/CreateAccount"');
    expectClean(servers.t3);
  });

  it('Success false inside HTTP 200 is a vendor failure with StatusCode and Message', async () => {
    const c = client();
    await c.createAccount({ body: t3Account('Duplicate Biz') });
    for (const format of ['json', 'xml', 'soap']) {
      const r: AnyResult = keep(await c.createAccount({ body: t3Account('Duplicate Biz') }, { format }));
      expect(!r.ok && r.error).toMatchObject({ kind: 'vendor', status: 200, code: 1611, message: expect.stringMatching(/^Duplicate Account\./), body: { Success: false, StatusCode: 1611 } });
    }
  });

  it('StatusCode 100 logs on again once and retries once', async () => {
    const c = client();
    expect((await c.createAccount({ body: t3Account('Before expiry') })).ok).toBe(true);
    const logons = servers.t3.logons;
    servers.t3.expireSessions();
    const r: AnyResult = await c.createAccount({ body: t3Account('After expiry') });
    expect(r.ok).toBe(true);
    expect(servers.t3.logons).toBe(logons + 1);

    servers.t3.alwaysExpired = true;
    try {
      const creates = servers.t3.creates;
      const again: AnyResult = keep(await c.createAccount({ body: t3Account('Never') }));
      expect(!again.ok && again.error).toMatchObject({ kind: 'vendor', code: 100 });
      expect(servers.t3.creates).toBe(creates + 2);
      expect(servers.t3.logons).toBe(logons + 2);
    } finally {
      servers.t3.alwaysExpired = false;
    }
  });

  it('concurrent first calls share one logon', async () => {
    const c = client();
    const rs: AnyResult[] = await Promise.all([1, 2, 3, 4].map((i) => c.createAccount({ body: t3Account(`Concurrent ${i}`) })));
    expect(rs.every((r) => r.ok)).toBe(true);
    expect(servers.t3.logons).toBe(1);
  });

  it('wrong credentials: the logon failure is the result', async () => {
    const c = mods.tier3!.createClient({ baseUrl: servers.t3.origin, auth: { apiKey: T3.apiKey, password: 'wrong-tier3-pw' }, ...hooks });
    const r: AnyResult = keep(await c.createAccount({ body: t3Account('Nope') }));
    expect(!r.ok && r.error).toMatchObject({ kind: 'vendor', operation: 'logon', code: 100, message: 'Authentication Failed' });
    expect(servers.t3.creates).toBe(0);
  });

  it('validation before send for every format (no request leaves)', async () => {
    for (const format of ['json', 'xml', 'soap']) {
      const { City: _city, ...body } = { ...t3Account('V'), AccountAlias: 'TOO-LONG' };
      const r: AnyResult = keep(await client({ format }).createAccount({ body: body as any }));
      expect(!r.ok && r.error).toMatchObject({ kind: 'validation', code: 1603, message: expect.stringMatching(/^\/body\/City: City Required\..*\(2 issues\)$/) });
    }
    expect(servers.t3.requests).toHaveLength(0);
  });

  it('a SOAP fault is an http failure with the fault reason', async () => {
    const c = client({ format: 'soap' });
    expect((await c.logon()).ok).toBe(true);
    servers.t3.next({
      status: 500,
      headers: { 'content-type': 'application/soap+xml; charset=utf-8' },
      body: '<?xml version="1.0"?><soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope"><soap:Body><soap:Fault><soap:Code><soap:Value>soap:Receiver</soap:Value></soap:Code><soap:Reason><soap:Text xml:lang="en">Server was unable to process request.</soap:Text></soap:Reason></soap:Fault></soap:Body></soap:Envelope>',
    });
    const r: AnyResult = keep(await c.createAccount({ body: t3Account('Faulty') }));
    expect(!r.ok && r.error).toMatchObject({ kind: 'http', status: 500, documented: false, message: 'Server was unable to process request.', fault: { code: 'Receiver' } });
  });

  it('hooks redact the cookie both ways', async () => {
    const log: any[] = [];
    await client({ onRequest: (i: any) => log.push(i), onResponse: (i: any) => log.push(i) }).createAccount({ body: t3Account('Hooks') });
    expect(log.map((l) => l.url.replace(servers.t3.origin, ''))).toEqual(['/REST/Auth/Logon/', '/REST/Auth/Logon/', '/REST/Account/CreateAccount/JSON', '/REST/Account/CreateAccount/JSON']);
    expect(log[1].headers['set-cookie']).toBe('[redacted]');
    expect(log[2].headers.cookie).toBe('[redacted]');
    seen.push(...log);
  });
});

// ---- runtime pieces --------------------------------------------------------------------------------------

describe('client runtime', () => {
  it('lossless JSON both ways, with a fast path and JSON.parse semantics otherwise', () => {
    const { parseJson, stringifyJson } = runtime;
    const text = '{"a":9007199254740993,"b":-9223372036854775808,"c":9007199254740991,"d":1.5e+300,"e":"12345678901234567890","__proto__":1,"f":[1,{"g":null}]}';
    const v = parseJson(text);
    expect(v.a).toBe(9007199254740993n);
    expect(v.b).toBe(-9223372036854775808n);
    expect(v.c).toBe(9007199254740991);
    expect(v.d).toBe(1.5e300);
    expect(v.e).toBe('12345678901234567890');
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(Object.keys(v)).toContain('__proto__');
    expect(v.f).toEqual([1, { g: null }]);
    expect(stringifyJson(v)).toBe(text);
    expect(parseJson('{"x":1}')).toEqual({ x: 1 });
    expect(stringifyJson({ n: 2n ** 70n, u: undefined, arr: [undefined, 1n], d: new Date(0) })).toBe('{"n":1180591620717411303424,"arr":[null,1],"d":"1970-01-01T00:00:00.000Z"}');
    for (const bad of ['{"a":12345678901234567', '[1,]', '{"a" 1}', '"\u0001"', '01', '{"a":1} x']) {
      expect(() => parseJson(bad.replace('01', '0123456789012345678')), bad).toThrow(SyntaxError);
    }
    expect(parseJson('"\\u00e9\\n12345678901234567"')).toBe('é\n12345678901234567');
  });

  it('HTTP Basic is UTF-8 without Buffer', () => {
    expect(runtime.basicAuthorization('jörg', 'pä€:ss')).toBe(`Basic ${Buffer.from('jörg:pä€:ss', 'utf8').toString('base64')}`);
    expect(runtime.basicAuthorization('𝒳', '')).toBe(`Basic ${Buffer.from('𝒳:', 'utf8').toString('base64')}`);
  });
});

// ---- secrets and types -----------------------------------------------------------------------------------

describe('secrets', () => {
  it('no password, key or cookie appears in any error or hook output of this file', () => {
    expect(seen.length).toBeGreaterThan(20);
    const text = seen.map((x) => inspect(x, { depth: 20 }) + JSON.stringify(x, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).join('\n');
    for (const s of [...SECRETS, 'wrong-пароль', 'wrong-tier3-pw', 'bad-avvio-pw', 'wrong-sub-key', Buffer.from(`${JASPER.username}:${JASPER.password}`).toString('base64')]) {
      expect(text.includes(s), s).toBe(false);
    }
    expect(text).not.toMatch(/Seed=[0-9a-f]+F00D/);
  });

  it('a short secret is redacted where it stands alone, not inside words; a longer one everywhere', async () => {
    const reply = (message: string) => async () =>
      new Response(JSON.stringify({ errorCode: '10000001', errorMessage: message }), { status: 404, headers: { 'content-type': 'application/json' } });
    const short = mods.jasper!.createClient({ baseUrl: 'http://127.0.0.1:9', auth: { username: 'u', password: 'a' }, retry: false, fetch: reply('bad password a for account a-1 (a)') });
    const r1: AnyResult = await short.createCustomer({ body: { name: 'Acme', accountName: 'Acme', shipToBillAddress: true } });
    expect(!r1.ok && r1.error.message).toBe('bad password [redacted] for account [redacted]-1 ([redacted])');
    // The secret's pattern is made once and shared by every later message.
    const again: AnyResult = await short.createCustomer({ body: { name: 'Acme', accountName: 'Acme', shipToBillAddress: true } });
    expect(!again.ok && again.error.message).toBe('bad password [redacted] for account [redacted]-1 ([redacted])');
    const long = mods.jasper!.createClient({ baseUrl: 'http://127.0.0.1:9', auth: { username: 'u', password: 'secret' }, retry: false, fetch: reply('secret, xsecretx') });
    const r2: AnyResult = await long.createCustomer({ body: { name: 'Acme', accountName: 'Acme', shipToBillAddress: true } });
    expect(!r2.ok && r2.error.message).toBe('[redacted], x[redacted]x');
  });
});

describe('types', () => {
  it('a consumer narrowing results and errors typechecks strictly', () => {
    const file = path.join(out, 'consumer.ts');
    writeFileSync(
      file,
      `
import { createClient as jasperClient, type ErrorCode } from './jasper/index.js';
import { createClient as avvioClient } from './avvio/index.js';
import { createClient as tier3Client } from './tier3/index.js';
import { createClient as qhClient, AccountType } from './quickhelp/index.js';
import { createClient as pmClient } from './portfolio-manager/index.js';

export async function use(): Promise<void> {
  const jasper = jasperClient({ baseUrl: 'https://x', auth: { username: 'u', password: 'p' } });
  const r = await jasper.createCustomer({ apiVersion: 1, body: { name: 'Acme', accountName: 'Acme', shipToBillAddress: true } });
  if (r.ok) {
    const id: number = r.data.customerId;
    const ts: number | bigint = r.data.timestamp;
    void id; void ts;
  } else if (r.error.kind === 'http' && r.error.documented && r.error.status === 404) {
    const code: ErrorCode | (string & {}) | undefined = r.error.code;
    const m: string = r.error.body.errorMessage;
    void code; void m;
  } else if (r.error.kind === 'validation') {
    const c: ErrorCode | undefined = r.error.code;
    void c; void r.error.issues[0]?.path;
  } else {
    const msg: string = r.error.message;
    void msg;
  }
  const j2 = jasperClient({ baseUrl: 'https://x', auth: { username: 'u', password: 'p' }, retry: false, timeoutMs: 0, deadlineMs: 30_000, maxResponseBytes: 1 << 20, onRequest: (i) => void i.attempt });
  const r2 = await j2.createCustomer({ body: { name: 'A', accountName: 'B', shipToBillAddress: true } }, { retry: { retries: 1, baseDelayMs: 10, maxRetryAfterMs: 1000 }, deadlineMs: 5000, maxResponseBytes: 1024, idempotencyKey: 'k' });
  const attempts: number = r2.attempts;
  const replyHeaders: Record<string, string> = r2.headers;
  void attempts; void replyHeaders;
  if (!r2.ok && r2.error.kind === 'too-large') { const lim: number = r2.error.limit; void lim; }
  if (!r2.ok && r2.error.kind === 'http') { const ra: number | undefined = r2.error.retryAfterMs; void ra; }
  // @ts-expect-error retry takes an object or false
  jasperClient({ baseUrl: 'https://x', auth: { username: 'u', password: 'p' }, retry: 3 });
  // @ts-expect-error apiVersion has one value
  await jasper.createCustomer({ apiVersion: 2, body: { name: 'A', accountName: 'B' } });

  const avvio = avvioClient({ baseUrl: 'https://x', auth: { username: 'u', password: 'p' } });
  await avvio.createAccount({ body: { siteID: 1, accountInformation: { nameFirst: 'a', nameLast: 'b', password: 'c' } } });
  // @ts-expect-error the client fills userAuth
  await avvio.createAccount({ body: { userAuth: { username: 'u', password: 'p' }, siteID: 1, accountInformation: { nameFirst: 'a', nameLast: 'b', password: 'c' } } });

  const t3 = tier3Client({ auth: { apiKey: 'k', password: 'p' }, format: 'soap' });
  const l = await t3.logon();
  if (!l.ok && l.error.kind === 'vendor') { const n: number | undefined = l.error.code; void n; }
  const a = await t3.createAccount({ body: { ParentAlias: '1', Location: 'WA1', BusinessName: 'b', Address1: 'a', City: 'c', StateProvince: 's', PostalCode: 'p', Country: 'c', Telephone: 't', ShareParentNetworks: true, BillingResponsibilityID: 2 } }, { format: 'xml', signal: AbortSignal.timeout(1000) });
  if (a.ok) { const s: boolean = a.data.Success; void s; }
  // @ts-expect-error the format parameter follows the client's format
  await t3.createAccount({ format: 'JSON', body: {} as never });

  const qh = qhClient({ auth: { apiKey: 'k', subscriptionKey: 's' }, format: 'xml' });
  const q = await qh.createCustomerAccount({ body: { companyName: 'c', accountType: AccountType.PartnerCustomer } });
  if (!q.ok && q.error.kind === 'http' && q.error.documented && q.error.status === 401) { const m: string = q.error.body.message; void m; }

  const pm = pmClient({ auth: { username: 'u', password: 'p' }, onResponse: (i) => void i.durationMs });
  const p = await pm.createCustomer({ body: {} as never });
  if (p.ok) { const links = p.data.links?.link ?? []; void links.length; }
}
`,
    );
    const program = ts.createProgram([file], { ...strictOptions, types: [] });
    const diags = ts.getPreEmitDiagnostics(program).map((d) => `${d.file ? path.basename(d.file.fileName) + ':' + (d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1) : ''} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    expect(diags).toEqual([]);
  });
});
