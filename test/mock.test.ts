/**
 * The generated mock servers over real HTTP: every operation and error class of each provider with plain fetch
 * (raw wire checks: status, headers, body decoded with the generated codecs and checked with the generated
 * validators), the same through the generated clients, graceful close without leaked sockets or handles, and
 * a bounded load test through the clients. Every mock runs with `validateReplies`, so each reply it builds is
 * also checked by the response validators before it is sent (`problems` stays empty).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request as httpRequest, Agent } from 'node:http';
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freshPackage, type FreshPackage } from './support/fresh-package.ts';
import { repoRoot } from './support/paths.ts';
import { strictOptions } from './support/typecheck.ts';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Mod = Record<string, any>;
interface MockHandle {
  url: string;
  port: number;
  problems: string[];
  stats: { requests: number; validatedReplies: number; abortedRequests: number };
  records(collection: string): { id: unknown; seq: number; request: any; reply: any }[];
  expireSessions(): void;
  close(): Promise<void>;
}
interface Wire {
  status: number;
  headers: Headers;
  text: string;
  json(): any;
}

let pkg: FreshPackage;
const mods = new Map<string, { mock: Mod; client: Mod; validators: Mod; xml: Mod | undefined; models: Mod }>();
const open: MockHandle[] = [];

beforeAll(async () => {
  pkg = await freshPackage();
  for (const p of ['jasper', 'tier3', 'quickhelp', 'avvio', 'portfolio-manager']) {
    mods.set(p, {
      mock: await pkg.load(`${p}/mock.js`),
      client: await pkg.load(`${p}/client.js`),
      validators: await pkg.load(`${p}/validators.js`),
      xml: p === 'jasper' || p === 'avvio' ? undefined : await pkg.load(`${p}/xml.js`),
      models: await pkg.load(`${p}/models.js`),
    });
  }
}, 60_000);

afterEach(async () => {
  // Every reply every mock built was valid; then close them all.
  for (const s of open) expect(s.problems).toEqual([]);
  await Promise.all(open.splice(0).map((s) => s.close()));
});

afterAll(() => pkg?.remove());

function m(p: string) {
  return mods.get(p)!;
}

async function start(p: string, options: Record<string, unknown> = {}): Promise<MockHandle> {
  const s = (await m(p).mock.startMockServer({ validateReplies: true, ...options })) as MockHandle;
  open.push(s);
  return s;
}

async function post(url: string, headers: Record<string, string>, body?: string, method = 'POST'): Promise<Wire> {
  const r = await fetch(url, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await r.text();
  return { status: r.status, headers: r.headers, text, json: () => JSON.parse(text) };
}

function expectValid(result: { valid: boolean; issues?: unknown }): void {
  expect(result.valid ? [] : result.issues).toEqual([]);
}

const basic = (u: string, p: string) => `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}`;
const BASIC = basic('mock-user', 'mock-password');
const JSON_CT = { 'content-type': 'application/json' };

// ---------------------------------------------------------------------------------------------------------
describe('declarations', () => {
  it('mock.d.ts of every provider and a consumer of them typecheck strictly', () => {
    const at = (f: string) => JSON.stringify(path.join(pkg.dir, f));
    const consumer = `
import { startMockServer, mockInfo, type MockOptions } from ${at('jasper/mock.js')};
import { startMockServer as startTier3 } from ${at('tier3/mock.js')};
import { startMockServer as startAvvio } from ${at('avvio/mock.js')};
import { createClient } from ${at('jasper/client.js')};

const options: MockOptions = { port: 0, credentials: { users: { a: 'b' } }, state: { customers: [{ name: 'n', accountName: 'Acme', shipToBillAddress: true }], parents: ['Acme'], nextId: 10 }, latencyMs: 1, validateReplies: true };
const s = await startMockServer(options);
const record = s.records('customers')[0];
const id: number | bigint | undefined = record?.id;
const name: string | undefined = record?.request.name;
const customerId: number | undefined = record?.reply.customerId;
const c = createClient({ baseUrl: s.url, auth: { username: 'a', password: 'b' }, credentials: 'include' });
// @ts-expect-error: not a credentials mode
createClient({ baseUrl: s.url, auth: { username: 'a', password: 'b' }, credentials: 'always' });
await c.createCustomer({ body: { name: 'x', accountName: 'Acme', shipToBillAddress: true } });
await s.close();
const t = await startTier3({ sessionTtlMs: 1000, cors: ['http://127.0.0.1:5173'], wwwAuthenticate: false, headersTimeoutMs: 500, requestTimeoutMs: 1000 });
const aborted: number = t.stats.abortedRequests;
const clientAuth: Readonly<Record<string, string>> = mockInfo.clientAuth;
// @ts-expect-error: cors is true or a list of origins
await startTier3({ cors: 'http://127.0.0.1:5173' });
const alias: string | undefined = t.records('accounts')[0]?.id;
t.expireSessions();
// @ts-expect-error: no such collection
t.records('customers');
const a = await startAvvio({ state: { nextId: 2n ** 60n } });
// @ts-expect-error: the credentials in the body are not stored
a.records('accounts')[0]?.request.userAuth;
export const seen = [id, name, customerId, alias, mockInfo.routes.length, aborted, clientAuth];
`;
    const tmp = mkdtempSync(path.join(tmpdir(), 'provgen-mock-consumer-'));
    let diags: string[];
    try {
      const file = path.join(tmp, 'consumer.ts');
      writeFileSync(file, consumer);
      writeFileSync(path.join(tmp, 'package.json'), '{"type":"module"}');
      const files = [file];
      const walk = (d: string): void => {
        for (const f of readdirSync(d)) {
          const p = path.join(d, f);
          if (statSync(p).isDirectory()) walk(p);
          else if (p.endsWith('mock.d.ts')) files.push(p);
        }
      };
      walk(pkg.dir);
      // Every provider with a mock, the runtime's, and the consumer.
      const withMock = Object.keys((JSON.parse(readFileSync(path.join(pkg.dir, 'package.json'), 'utf8')) as { exports: Record<string, unknown> }).exports).filter((k) => k.endsWith('/mock'));
      expect(files.length).toBe(withMock.length + 2);
      const program = ts.createProgram(files, { ...strictOptions, typeRoots: [path.join(repoRoot, 'node_modules/@types')] });
      diags = ts.getPreEmitDiagnostics(program).map((d) => `${d.file ? path.basename(d.file.fileName) : ''} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
    expect(diags).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------
describe('jasper mock', () => {
  const customer = { name: 'Acme Customer', accountName: 'Acme', shipToBillAddress: true };
  const call = (s: MockHandle, body: unknown, headers: Record<string, string> = {}, version = '1') =>
    post(`${s.url}/rws/api/v${version}/customers`, { ...JSON_CT, authorization: BASIC, ...headers }, typeof body === 'string' ? body : JSON.stringify(body));

  it('creates customers with increasing ids and the creation time in UNIX seconds', async () => {
    const clock = () => new Date('2024-05-01T12:00:00Z');
    const s = await start('jasper', { clock });
    const a = await call(s, customer);
    const b = await call(s, { ...customer, name: 'Second' });
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(a.json()).toEqual({ customerId: 1, timestamp: 1714564800 });
    expect(b.json().customerId).toBe(2);
    expectValid(m('jasper').validators.validateCreateCustomerResponse(a.json()));
    expect(s.records('customers').map((r) => [r.id, r.request.name])).toEqual([[1, 'Acme Customer'], [2, 'Second']]);
  });

  const errorCases: [string, unknown, string, number][] = [
    ['missing name', { accountName: 'Acme', shipToBillAddress: true }, '10000581', 400],
    ['name too long', { ...customer, name: 'x'.repeat(61) }, '10000582', 400],
    ['missing accountName', { name: 'n', shipToBillAddress: true }, '10000583', 400],
    ['question without answer', { ...customer, securityQuestion: 'q' }, '10000584', 400],
    ['answer without question', { ...customer, securityAnswer: 'a' }, '10000585', 400],
    ['five contacts', { ...customer, contacts: [{}, {}, {}, {}, {}] }, '10000588', 400],
    ['contact mobile too long', { ...customer, contacts: [{ mobile: '1'.repeat(26) }] }, '10000592', 400],
    ['postal code too long', { ...customer, billingAddress: { postalCode: '1'.repeat(16) } }, '10000599', 400],
    ['body not an object', [], '10000580', 400],
    ['unknown member (no code of its own)', { ...customer, extra: 1 }, '10000580', 400],
    ['missing shippingAddress (no code of its own)', { name: 'n', accountName: 'Acme' }, '10000580', 400],
    ['not JSON', '{"name":', '10000580', 400],
    ['unknown account', { ...customer, accountName: 'Nope' }, '20000003', 404],
  ];
  it.each(errorCases)('%s -> errorCode %s, HTTP %i', async (_name, body, code, status) => {
    const s = await start('jasper');
    const r = await call(s, body);
    expect(r.status).toBe(status);
    expect(r.json()).toEqual({ errorCode: code, errorMessage: m('jasper').models.errorCatalog[code].message });
    expect(m('jasper').models.errorCatalog[code].httpStatus).toBe(status);
    expectValid(m('jasper').validators.validateErrorResponse(r.json()));
  });

  it('answers a bad apiVersion with 10000024', async () => {
    const s = await start('jasper');
    for (const v of ['2', 'x']) {
      const r = await call(s, customer, {}, v);
      expect([r.status, r.json().errorCode]).toEqual([400, '10000024']);
    }
  });

  it('answers a duplicate customer name in the same account with 10000602', async () => {
    const s = await start('jasper', { state: { parents: ['Acme', 'Other'] } });
    expect((await call(s, customer)).status).toBe(200);
    const dup = await call(s, customer);
    expect([dup.status, dup.json().errorCode]).toEqual([400, '10000602']);
    expect((await call(s, { ...customer, accountName: 'Other' })).status).toBe(200);
    expect(s.records('customers')).toHaveLength(2);
  });

  it('checks HTTP Basic: 401 with WWW-Authenticate and no body', async () => {
    const s = await start('jasper', { credentials: { users: { alice: 's3cret' } } });
    for (const auth of [undefined, BASIC, basic('alice', 'wrong'), 'Bearer x']) {
      const r = await post(`${s.url}/rws/api/v1/customers`, { ...JSON_CT, ...(auth ? { authorization: auth } : {}) }, JSON.stringify(customer));
      expect([r.status, r.text]).toEqual([401, '']);
      expect(r.headers.get('www-authenticate')).toMatch(/^Basic /);
    }
    expect((await call(s, customer, { authorization: basic('alice', 's3cret') })).status).toBe(200);
  });

  it('answers HTTP-level problems: unknown path, wrong method, media type, body too large', async () => {
    const s = await start('jasper', { maxBodyBytes: 1000 });
    expect((await post(`${s.url}/rws/api/v1/nothing`, JSON_CT, '{}')).status).toBe(404);
    const get = await post(`${s.url}/rws/api/v1/customers`, { authorization: BASIC }, undefined, 'GET');
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'POST']);
    expect((await call(s, JSON.stringify(customer), { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await call(s, { ...customer, name: 'x'.repeat(2000) })).status).toBe(413);
  });

  it('starts from a given state: records and parents', async () => {
    const s = await start('jasper', { state: { customers: [{ name: 'Old', accountName: 'Acme', shipToBillAddress: true }], nextId: 100 } });
    expect(s.records('customers').map((r) => r.id)).toEqual([100]);
    expect((await call(s, { ...customer, name: 'Old' })).json().errorCode).toBe('10000602');
    expect((await call(s, customer)).json().customerId).toBe(101);
  });

  it('works with the generated client', async () => {
    const s = await start('jasper');
    const c = m('jasper').client.createClient({ baseUrl: s.url, auth: { username: 'mock-user', password: 'mock-password' } });
    const ok = await c.createCustomer({ body: customer });
    expect(ok).toMatchObject({ ok: true, status: 200, data: { customerId: 1 } });
    expect(await c.createCustomer({ body: customer })).toMatchObject({ ok: false, error: { kind: 'http', status: 400, code: '10000602' } });
    expect(await c.createCustomer({ body: { ...customer, accountName: 'X' } })).toMatchObject({ ok: false, error: { kind: 'http', status: 404, code: '20000003' } });
    const bad = m('jasper').client.createClient({ baseUrl: s.url, auth: { username: 'mock-user', password: 'no' } });
    expect(await bad.createCustomer({ body: customer })).toMatchObject({ ok: false, error: { kind: 'http', status: 401 } });
  });

  it('takes UTF-8 Basic credentials (a colon is allowed in the password)', async () => {
    const auth = { username: 'jörg.müller', password: 'pässwörd€:with colon' };
    const s = await start('jasper', { credentials: { users: { [auth.username]: auth.password } } });
    const c = m('jasper').client.createClient({ baseUrl: s.url, auth });
    expect(await c.createCustomer({ body: customer })).toMatchObject({ ok: true, status: 200 });
  });
});

// ---------------------------------------------------------------------------------------------------------
describe('tier3 mock', () => {
  const account = {
    ParentAlias: '1000', Location: 'WA1', BusinessName: 'Demo Biz', Address1: '110 110th Avenue', Address2: null, City: 'Bellevue',
    StateProvince: 'WA', PostalCode: '98004', Country: 'USA', Telephone: '877-388-4373', Fax: null, TimeZone: 'Pacific Standard Time',
    ShareParentNetworks: true, BillingResponsibilityID: 2,
  };
  const accountXml = (fields: Record<string, string>) =>
    `<CreateAccountRequest>${Object.entries(fields).map(([k, v]) => `<${k}>${v}</${k}>`).join('')}</CreateAccountRequest>`;
  const xmlFields = { ParentAlias: '1000', Location: 'WA1', BusinessName: 'Xml Biz', Address1: '1 Road', City: 'Bellevue', StateProvince: 'WA', PostalCode: '98004', Country: 'USA', Telephone: '1', ShareParentNetworks: 'true', BillingResponsibilityID: '1' };
  const envelope = (inner: string, ns = 'http://www.w3.org/2003/05/soap-envelope') =>
    `<soap12:Envelope xmlns:soap12="${ns}"><soap12:Body><CreateAccount xmlns="http://www.tier3.com/"><request>${inner}</request></CreateAccount></soap12:Body></soap12:Envelope>`;
  const SOAP_CT = 'application/soap+xml; charset=utf-8; action="http://www.tier3.com/CreateAccount"';

  async function logon(s: MockHandle, user = 'mock-user', password = 'mock-password'): Promise<{ wire: Wire; cookie: string | undefined }> {
    const wire = await post(`${s.url}/REST/Auth/Logon/`, JSON_CT, JSON.stringify({ APIKey: user, Password: password }));
    return { wire, cookie: wire.headers.get('set-cookie')?.split(';')[0] };
  }
  const create = (s: MockHandle, cookie: string | undefined, body: unknown, format = 'JSON') =>
    post(`${s.url}/REST/Account/CreateAccount/${format}`, { 'content-type': format === 'XML' ? 'application/xml' : 'application/json', ...(cookie ? { cookie } : {}) }, typeof body === 'string' ? body : JSON.stringify(body));

  it('logs on (JSON and XML) and sets the session cookie', async () => {
    const s = await start('tier3');
    const { wire, cookie } = await logon(s);
    expect(wire.json()).toEqual({ Success: true, Message: 'Login Successful', StatusCode: 0 });
    expect(wire.headers.get('set-cookie')).toMatch(/^Tier3\.API\.Cookie=[0-9a-f]+; path=\/; HttpOnly$/);
    expect(cookie).toBeDefined();
    const x = await post(`${s.url}/REST/Auth/Logon/`, { 'content-type': 'application/xml' }, '<LogonRequest><APIKey>mock-user</APIKey><Password>mock-password</Password></LogonRequest>');
    expect(x.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    const decoded = m('tier3').xml!.decodeLogonResponse(x.text);
    expect(decoded).toMatchObject({ ok: true, value: { Success: true, StatusCode: 0 } });
    expectValid(m('tier3').validators.validateLogonResponse(decoded.value));
  });

  it('answers a wrong APIKey/Password with StatusCode 100 and a malformed logon with 3', async () => {
    const s = await start('tier3');
    const bad = await logon(s, 'mock-user', 'nope');
    expect(bad.wire.status).toBe(200);
    expect(bad.wire.json()).toMatchObject({ Success: false, StatusCode: 100 });
    expect(bad.cookie).toBeUndefined();
    const malformed = await post(`${s.url}/REST/Auth/Logon/`, JSON_CT, JSON.stringify({ APIKey: 'mock-user' }));
    expect(malformed.json()).toEqual({ Success: false, StatusCode: 3, Message: m('tier3').models.errorCatalog[3].message });
    expectValid(m('tier3').validators.validateLogonResponse(malformed.json()));
  });

  it('refuses CreateAccount without a live session: StatusCode 100', async () => {
    const s = await start('tier3', { sessionTtlMs: 60_000 });
    for (const cookie of [undefined, 'Tier3.API.Cookie=forged']) {
      const r = await create(s, cookie, account);
      expect([r.status, r.json().Success, r.json().StatusCode]).toEqual([200, false, 100]);
    }
    const { cookie } = await logon(s);
    expect((await create(s, cookie, account)).json().Success).toBe(true);
    s.expireSessions();
    expect((await create(s, cookie, { ...account, BusinessName: 'Later' })).json().StatusCode).toBe(100);
  });

  it('creates accounts over REST JSON, REST XML and SOAP 1.2, generating aliases', async () => {
    const s = await start('tier3');
    const { cookie } = await logon(s);
    const j = await create(s, cookie, account);
    expect(j.json()).toEqual({
      Success: true, Message: 'Account successfully created.', StatusCode: 0,
      AccountDetails: { ...account, AccountAlias: 'AAAA', Status: 1, BillingResponsibilityID: undefined },
    });
    expectValid(m('tier3').validators.validateAccountDetailsResponse(j.json()));

    const x = await create(s, cookie, accountXml({ ...xmlFields, AccountAlias: 'XY1', ParentAlias: 'AAAA' }), 'XML');
    expect(x.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    const xd = m('tier3').xml!.decodeAccountDetailsResponse(x.text);
    expect(xd).toMatchObject({ ok: true, value: { Success: true, AccountDetails: { AccountAlias: 'XY1', ParentAlias: 'AAAA', Status: 1 } } });
    expectValid(m('tier3').validators.validateAccountDetailsResponse(xd.value));

    const soapBody = Object.entries({ ...xmlFields, BusinessName: 'Soap Biz' }).map(([k, v]) => `<${k}>${v}</${k}>`).join('');
    const sp = await post(`${s.url}/SOAP/Account.asmx`, { 'content-type': SOAP_CT, cookie: cookie! }, envelope(soapBody));
    expect([sp.status, sp.headers.get('content-type')]).toEqual([200, 'application/soap+xml; charset=utf-8']);
    const sd = m('tier3').xml!.decodeCreateAccountSoap(sp.text);
    expect(sd).toMatchObject({ ok: true, value: { Success: true, AccountDetails: { AccountAlias: 'AAAB', BusinessName: 'Soap Biz' } } });
    expectValid(m('tier3').validators.validateAccountDetailsResponse(sd.value));
    expect(s.records('accounts').map((r) => r.id)).toEqual(['AAAA', 'XY1', 'AAAB']);
  });

  const required: [string, number][] = [
    ['ParentAlias', 1609], ['Location', 1610], ['BusinessName', 1602], ['Address1', 1601], ['City', 1603], ['StateProvince', 1606],
    ['PostalCode', 1605], ['Country', 1604], ['Telephone', 1607], ['BillingResponsibilityID', 1616],
  ];
  it.each(required)('a missing %s is StatusCode %i (HTTP 200, Success false)', async (field, code) => {
    const s = await start('tier3');
    const { cookie } = await logon(s);
    const body: Record<string, unknown> = { ...account };
    delete body[field];
    const r = await create(s, cookie, body);
    expect(r.status).toBe(200);
    expect(r.json()).toEqual({ Success: false, StatusCode: code, Message: m('tier3').models.errorCatalog[code].message });
    expectValid(m('tier3').validators.validateAccountDetailsResponse(r.json()));
  });

  it('answers duplicates (alias or business name) with 1611, unknown parents with 5, bad values with 1616 or 3', async () => {
    const s = await start('tier3');
    const { cookie } = await logon(s);
    expect((await create(s, cookie, { ...account, AccountAlias: 'ABCD' })).json().Success).toBe(true);
    expect((await create(s, cookie, { ...account, AccountAlias: 'ABCD', BusinessName: 'Other' })).json().StatusCode).toBe(1611);
    expect((await create(s, cookie, { ...account, AccountAlias: 'EFGH' })).json().StatusCode).toBe(1611);
    expect((await create(s, cookie, { ...account, BusinessName: 'Child', ParentAlias: 'ZZZZ' })).json().StatusCode).toBe(5);
    expect((await create(s, cookie, { ...account, BusinessName: 'Child', ParentAlias: 'ABCD' })).json().Success).toBe(true);
    expect((await create(s, cookie, { ...account, BusinessName: 'B3', BillingResponsibilityID: 3 })).json().StatusCode).toBe(1616);
    // The vendor's own JSON example sends strings for a boolean and an integer: the first coded issue wins.
    const asWritten = await create(s, cookie, { ...account, BusinessName: 'B4', ShareParentNetworks: 'true', BillingResponsibilityID: '2' });
    expect(asWritten.json().StatusCode).toBe(1616);
    expect((await create(s, cookie, { ...account, BusinessName: 'B5', ShareParentNetworks: 'true' })).json().StatusCode).toBe(3);
    expect((await create(s, cookie, '{not json')).json().StatusCode).toBe(3);
    const xmlBad = await create(s, cookie, '<CreateAccountRequest><Nope/></CreateAccountRequest>', 'XML');
    expect(m('tier3').xml!.decodeAccountDetailsResponse(xmlBad.text)).toMatchObject({ ok: true, value: { Success: false, StatusCode: 3 } });
    expect(s.records('accounts').map((r) => r.id)).toEqual(['ABCD', 'AAAA']);
  });

  it('serves only the formats x-formats names, and the body must match the format', async () => {
    const s = await start('tier3');
    const { cookie } = await logon(s);
    expect((await create(s, cookie, account, 'CSV')).status).toBe(404);
    const mismatch = await post(`${s.url}/REST/Account/CreateAccount/XML`, { 'content-type': 'application/json', cookie: cookie! }, JSON.stringify(account));
    expect(m('tier3').xml!.decodeAccountDetailsResponse(mismatch.text)).toMatchObject({ ok: true, value: { Success: false, StatusCode: 3 } });
  });

  it('answers unreadable SOAP with SOAP 1.2 faults and business failures inside the envelope', async () => {
    const s = await start('tier3');
    const { cookie } = await logon(s);
    const h = { 'content-type': SOAP_CT, cookie: cookie! };
    const decodeSoap = m('tier3').xml!.decodeCreateAccountSoap;
    const malformed = await post(`${s.url}/SOAP/Account.asmx`, h, '<soap12:Envelope');
    expect(malformed.status).toBe(400);
    expect(decodeSoap(malformed.text)).toMatchObject({ ok: false, fault: { code: 'Sender' } });
    const v11 = await post(`${s.url}/SOAP/Account.asmx`, h, envelope('', 'http://schemas.xmlsoap.org/soap/envelope/'));
    expect([v11.status, decodeSoap(v11.text).fault.code]).toEqual([500, 'VersionMismatch']);
    const action = await post(`${s.url}/SOAP/Account.asmx`, { ...h, 'content-type': 'application/soap+xml; action="urn:other"' }, envelope(''));
    expect([action.status, decodeSoap(action.text).fault.code]).toEqual([400, 'Sender']);
    expect((await post(`${s.url}/SOAP/Account.asmx`, { ...h, 'content-type': 'text/xml' }, envelope(''))).status).toBe(415);
    const fields = (extra: Record<string, string>) => Object.entries({ ...xmlFields, ...extra }).map(([k, v]) => `<${k}>${v}</${k}>`).join('');
    const billing = await post(`${s.url}/SOAP/Account.asmx`, h, envelope(fields({ BillingResponsibilityID: '3' })));
    expect(billing.status).toBe(200);
    expect(decodeSoap(billing.text)).toMatchObject({ ok: true, value: { Success: false, StatusCode: 1616 } });
    const parent = await post(`${s.url}/SOAP/Account.asmx`, h, envelope(fields({ ParentAlias: 'NONE' })));
    expect(decodeSoap(parent.text)).toMatchObject({ ok: true, value: { Success: false, StatusCode: 5 } });
    const noSession = await post(`${s.url}/SOAP/Account.asmx`, { 'content-type': SOAP_CT }, envelope(''));
    expect(decodeSoap(noSession.text)).toMatchObject({ ok: true, value: { Success: false, StatusCode: 100 } });
  });

  const SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';
  const notEnvelopes: [string, string, string, number][] = [
    ['not XML', 'CreateAccount please', 'Sender', 400],
    ['an empty body', '', 'Sender', 400],
    ['XML but not an Envelope', accountXml(xmlFields), 'Sender', 400],
    ['an Envelope in no SOAP namespace', `<Envelope><Body>${accountXml(xmlFields)}</Body></Envelope>`, 'Sender', 400],
    ['a SOAP 1.1 Envelope', envelope(Object.entries(xmlFields).map(([k, v]) => `<${k}>${v}</${k}>`).join(''), 'http://schemas.xmlsoap.org/soap/envelope/'), 'VersionMismatch', 500],
    ['an Envelope without Body', `<e:Envelope xmlns:e="${SOAP12}"><e:Header/></e:Envelope>`, 'Sender', 400],
    ['a Body with another operation', `<e:Envelope xmlns:e="${SOAP12}"><e:Body><DeleteAccount xmlns="http://www.tier3.com/"><request/></DeleteAccount></e:Body></e:Envelope>`, 'Sender', 400],
    ['the operation in another namespace', `<e:Envelope xmlns:e="${SOAP12}"><e:Body><CreateAccount xmlns="urn:other"><request/></CreateAccount></e:Body></e:Envelope>`, 'Sender', 400],
    ['the operation without its request element', `<e:Envelope xmlns:e="${SOAP12}"><e:Body><CreateAccount xmlns="http://www.tier3.com/"/></e:Body></e:Envelope>`, 'Sender', 400],
    ['a Fault for a request', `<e:Envelope xmlns:e="${SOAP12}"><e:Body><e:Fault><e:Code><e:Value>e:Sender</e:Value></e:Code><e:Reason><e:Text xml:lang="en">x</e:Text></e:Reason></e:Fault></e:Body></e:Envelope>`, 'Sender', 400],
  ];
  it.each(notEnvelopes)('%s is a SOAP 1.2 Fault before anything else (with or without a session)', async (_name, body, code, status) => {
    const s = await start('tier3');
    const { cookie } = await logon(s);
    for (const headers of [{ 'content-type': SOAP_CT, cookie: cookie! }, { 'content-type': SOAP_CT }, { 'content-type': 'application/soap+xml; action="urn:wrong"' }]) {
      const r = await post(`${s.url}/SOAP/Account.asmx`, headers, body);
      expect([r.status, r.headers.get('content-type')]).toEqual([status, 'application/soap+xml; charset=utf-8']);
      const d = m('tier3').xml!.decodeCreateAccountSoap(r.text);
      expect(d).toMatchObject({ ok: false, fault: { code, codeNamespace: SOAP12 } });
      expect(r.text).not.toContain('CreateAccountResponse');
    }
    expect(s.records('accounts')).toEqual([]);
  });

  it('a readable envelope around an unreadable request is StatusCode 3 inside the envelope (100 without a session)', async () => {
    const s = await start('tier3');
    const { cookie } = await logon(s);
    const body = envelope(Object.entries({ ...xmlFields, BillingResponsibilityID: 'two' }).map(([k, v]) => `<${k}>${v}</${k}>`).join(''));
    const decodeSoap = m('tier3').xml!.decodeCreateAccountSoap;
    const withSession = await post(`${s.url}/SOAP/Account.asmx`, { 'content-type': SOAP_CT, cookie: cookie! }, body);
    expect(withSession.status).toBe(200);
    expect(decodeSoap(withSession.text)).toMatchObject({ ok: true, value: { Success: false, StatusCode: 3 } });
    const without = await post(`${s.url}/SOAP/Account.asmx`, { 'content-type': SOAP_CT }, body);
    expect(decodeSoap(without.text)).toMatchObject({ ok: true, value: { Success: false, StatusCode: 100 } });
    expect(s.records('accounts')).toEqual([]);
  });

  it.each(['json', 'xml', 'soap'])('works with the generated client (%s), logging on again after the session ends', async (format) => {
    const s = await start('tier3');
    const c = m('tier3').client.createClient({ baseUrl: s.url, auth: { apiKey: 'mock-user', password: 'mock-password' }, format });
    expect(await c.createAccount({ body: account })).toMatchObject({ ok: true, data: { Success: true, AccountDetails: { AccountAlias: 'AAAA' } } });
    expect(await c.createAccount({ body: account })).toMatchObject({ ok: false, error: { kind: 'vendor', code: 1611 } });
    s.expireSessions();
    expect(await c.createAccount({ body: { ...account, BusinessName: 'Again' } })).toMatchObject({ ok: true, data: { AccountDetails: { AccountAlias: 'AAAB' } } });
    const wrong = m('tier3').client.createClient({ baseUrl: s.url, auth: { apiKey: 'mock-user', password: 'x' }, format });
    expect(await wrong.createAccount({ body: account })).toMatchObject({ ok: false, error: { kind: 'vendor', code: 100 } });
  });
});

// ---------------------------------------------------------------------------------------------------------
describe('quickhelp mock', () => {
  const keys = { 'ocp-apim-subscription-key': 'mock-subscription-key', authorization: 'mock-partner-key' };
  const dto = { companyName: 'Acme', accountType: 4, contractStatus: 1, domains: ['acme.example'], sandBoxModeOn: true, skUs: [{ skuId: 7, licenseCount: 10 }] };
  const call = (s: MockHandle, headers: Record<string, string>, body: string) => post(`${s.url}/v1/Account/Create`, headers, body);

  it('answers the gateway 401 bodies for a missing or invalid subscription key', async () => {
    const s = await start('quickhelp');
    const none = await call(s, { ...JSON_CT, authorization: 'mock-partner-key' }, JSON.stringify(dto));
    expect([none.status, none.json().statusCode]).toEqual([401, 401]);
    expect(none.json().message).toMatch(/missing subscription key/);
    expectValid(m('quickhelp').validators.validateGatewayError(none.json()));
    const wrong = await call(s, { ...JSON_CT, ...keys, 'ocp-apim-subscription-key': 'nope' }, JSON.stringify(dto));
    expect(wrong.json().message).toMatch(/invalid subscription key/);
  });

  it('answers 401 without a body for a missing or unknown API key, 403 below Partner', async () => {
    const s = await start('quickhelp', { credentials: { apiKeys: { customerApiKey: { boss: 'BrainStorm', partner: 'Partner', cust: 'Customer' } } } });
    const h = { ...JSON_CT, 'ocp-apim-subscription-key': 'mock-subscription-key' };
    expect(await call(s, h, JSON.stringify(dto)).then((r) => [r.status, r.text])).toEqual([401, '']);
    expect(await call(s, { ...h, authorization: 'mock-partner-key' }, JSON.stringify(dto)).then((r) => [r.status, r.text])).toEqual([401, '']);
    expect(await call(s, { ...h, authorization: 'cust' }, JSON.stringify(dto)).then((r) => [r.status, r.text])).toEqual([403, '']);
    expect((await call(s, { ...h, authorization: 'partner' }, JSON.stringify(dto))).status).toBe(200);
    expect((await call(s, { ...h, authorization: 'boss' }, JSON.stringify({ companyName: 'Other' }))).status).toBe(200);
  });

  it('creates customers from JSON and XML, replying in the negotiated media type', async () => {
    const s = await start('quickhelp');
    const a = await call(s, { ...JSON_CT, ...keys }, JSON.stringify(dto));
    expect(a.json()).toEqual({ companyName: 'Acme', accountType: 4, contractStatus: 1, domains: ['acme.example'], customerId: 1, isActive: true, launchCustomer: false });
    expectValid(m('quickhelp').validators.validateAccountUpdateDto(a.json()));
    const tj = await call(s, { 'content-type': 'text/json', ...keys }, JSON.stringify({ companyName: 'TJ' }));
    expect(tj.headers.get('content-type')).toBe('text/json; charset=utf-8');
    const x = await call(s, { 'content-type': 'application/xml', ...keys }, '<AccountCreationDto><companyName>X</companyName><domains>a</domains><domains>b</domains></AccountCreationDto>');
    expect(x.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    const xd = m('quickhelp').xml!.decodeAccountUpdateDto(x.text);
    expect(xd).toMatchObject({ ok: true, value: { customerId: 3, companyName: 'X', domains: ['a', 'b'] } });
    expectValid(m('quickhelp').validators.validateAccountUpdateDto(xd.value));
    const neg = await call(s, { 'content-type': 'text/xml', accept: 'application/json', ...keys }, '<AccountCreationDto><companyName>N</companyName></AccountCreationDto>');
    expect([neg.headers.get('content-type'), neg.json().customerId]).toEqual(['application/json; charset=utf-8', 4]);
    expect((await call(s, { 'content-type': 'text/plain', ...keys }, 'x')).status).toBe(415);
  });

  it('answers validation failures and duplicates with a ModelState dictionary (JSON and XML)', async () => {
    const s = await start('quickhelp');
    const bad = await call(s, { ...JSON_CT, ...keys }, JSON.stringify({ companyName: 'B', accountType: 9, skUs: [{ skuId: 1 }] }));
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json())).toEqual(['accountType', 'skUs[0].licenseCount']);
    expect(bad.json().accountType).toMatchObject({ value: null, errors: [{ exception: null, errorMessage: expect.any(String) }] });
    expectValid(m('quickhelp').validators.validateModelStateDictionary(bad.json()));
    const badXml = await call(s, { 'content-type': 'text/xml', ...keys }, '<AccountCreationDto><companyName>C</companyName><accountType>9</accountType></AccountCreationDto>');
    const decoded = m('quickhelp').xml!.decodeAccountCreatePost400TextXmlResponse(badXml.text);
    expect(decoded.ok).toBe(true);
    expectValid(m('quickhelp').validators.validateAccountCreatePost400TextXmlResponse(decoded.value));
    expect((await call(s, { ...JSON_CT, ...keys }, JSON.stringify(dto))).status).toBe(200);
    const dup = await call(s, { ...JSON_CT, ...keys }, JSON.stringify(dto));
    expect(dup.json()).toEqual({ companyName: { value: null, errors: [{ exception: null, errorMessage: 'A customer with this company name already exists.' }] } });
    const broken = await call(s, { ...JSON_CT, ...keys }, '{');
    expect(broken.status).toBe(400);
    expectValid(m('quickhelp').validators.validateModelStateDictionary(broken.json()));
  });

  it.each(['json', 'xml'])('works with the generated client (%s)', async (format) => {
    const s = await start('quickhelp');
    const c = m('quickhelp').client.createClient({ baseUrl: s.url, auth: { apiKey: 'mock-partner-key', subscriptionKey: 'mock-subscription-key' }, format });
    expect(await c.createCustomerAccount({ body: dto })).toMatchObject({ ok: true, data: { customerId: 1, companyName: 'Acme' } });
    expect(await c.createCustomerAccount({ body: dto })).toMatchObject({ ok: false, error: { kind: 'http', status: 400 } });
    const low = m('quickhelp').client.createClient({ baseUrl: s.url, auth: { apiKey: 'mock-customer-key', subscriptionKey: 'mock-subscription-key' }, format });
    expect(await low.createCustomerAccount({ body: { companyName: 'Z' } })).toMatchObject({ ok: false, error: { kind: 'http', status: 403 } });
  });
});

// ---------------------------------------------------------------------------------------------------------
describe('avvio mock', () => {
  const body = {
    userAuth: { username: 'mock-user', password: 'mock-password' }, operation: 'createAccount', siteID: 1853,
    accountInformation: { nameTitle: 'Mr', nameFirst: 'Joe', nameLast: 'Bloggs', email: 'joe@example.com', password: 'password123' },
  };
  const call = (s: MockHandle, b: unknown) => post(`${s.url}/`, JSON_CT, typeof b === 'string' ? b : JSON.stringify(b));

  it('creates accounts with int64 ids from 8796093023822, without the credentials in the record', async () => {
    const s = await start('avvio');
    const a = await call(s, body);
    expect(a.json()).toEqual({ status: 'ok', accountID: 8796093023822 });
    expect((await call(s, { ...body, siteID: 1 })).json().accountID).toBe(8796093023823);
    expectValid(m('avvio').validators.validateCreateAccountResponse(a.json()));
    expect(s.records('accounts')[0]!.request).toEqual({ siteID: 1853, accountInformation: body.accountInformation });
  });

  it('seeds state like requests: checked, then stored without the members the client fills in', async () => {
    const seed = { siteID: 1, accountInformation: { nameFirst: 'A', nameLast: 'B', password: 'p', email: 'a@example.com' } };
    const s = await start('avvio', { state: { accounts: [seed] } });
    expect(s.records('accounts').map((r) => [r.id, r.request])).toEqual([[8796093023822, seed]]);
    const dup = await call(s, { ...body, siteID: 1, accountInformation: seed.accountInformation });
    expect([dup.status, dup.json().status]).toEqual([200, 'error']);
    await expect(m('avvio').mock.startMockServer({ state: { accounts: [{ siteID: 'x' }] } })).rejects.toThrow(/state\.accounts\[0\] is not a valid request/);
  });

  it('keeps ids beyond 2^53 exact on the wire and in the client', async () => {
    const s = await start('avvio', { state: { nextId: 9007199254740993n } });
    const r = await call(s, body);
    expect(r.text).toBe('{"status":"ok","accountID":9007199254740993}');
    const c = m('avvio').client.createClient({ baseUrl: s.url, auth: { username: 'mock-user', password: 'mock-password' } });
    const { userAuth: _u, operation: _o, ...rest } = body;
    expect(await c.createAccount({ body: { ...rest, siteID: 2 } })).toMatchObject({ ok: true, data: { accountID: 9007199254740994n } });
  });

  it('answers bad credentials, unknown operations, invalid bodies and duplicates as HTTP 200 with status "error" (x-vendor-status)', async () => {
    const s = await start('avvio', { validateReplies: true });
    const cases: [unknown, string | undefined, string][] = [
      [{ ...body, userAuth: { username: 'mock-user', password: 'x' } }, 'AUTH', 'Authentication failed'],
      [{ ...body, userAuth: undefined }, 'AUTH', 'Authentication failed'],
      [{ ...body, operation: 'deleteAccount' }, undefined, 'Unknown operation.'],
      [{ ...body, siteID: 'x' }, undefined, 'siteID: must be integer'],
      ['{', undefined, ''],
    ];
    for (const [b, code, message] of cases) {
      const r = await call(s, b);
      expect(r.status).toBe(200);
      expect(r.json().status).toBe('error');
      expect(r.json().errorCode).toBe(code);
      if (message) expect(r.json().message).toBe(message);
      expectValid(m('avvio').validators.validateCreateAccountResponse(r.json()));
    }
    expect((await call(s, body)).json()).toEqual({ status: 'ok', accountID: 8796093023822 });
    const dup = await call(s, body);
    expect([dup.status, dup.json()]).toEqual([200, { status: 'error', message: 'accountInformation.email: An account with this e-mail address already exists for this site.' }]);
    expect((await call(s, { ...body, siteID: 99 })).status).toBe(200);
    const { email: _e, ...noEmail } = body.accountInformation;
    expect((await call(s, { ...body, accountInformation: noEmail })).json().status).toBe('ok');
    expect((await call(s, { ...body, accountInformation: noEmail })).json().status).toBe('ok');
    expect(s.problems).toEqual([]);
  });

  it('the generated client reads the mock\'s failures as vendor errors over HTTP', async () => {
    const s = await start('avvio');
    const { userAuth: _u, operation: _o, ...rest } = body;
    const wrong = m('avvio').client.createClient({ baseUrl: s.url, auth: { username: 'mock-user', password: 'wrong' } });
    expect(await wrong.createAccount({ body: rest })).toMatchObject({ ok: false, error: { kind: 'vendor', status: 200, code: 'AUTH', message: 'Authentication failed', body: { status: 'error', errorCode: 'AUTH' } } });
    const right = m('avvio').client.createClient({ baseUrl: s.url, auth: m('avvio').mock.mockInfo.clientAuth });
    expect(await right.createAccount({ body: rest })).toMatchObject({ ok: true, data: { status: 'ok' } });
    expect(await right.createAccount({ body: rest })).toMatchObject({ ok: false, error: { kind: 'vendor', code: undefined, message: 'accountInformation.email: An account with this e-mail address already exists for this site.' } });
  });
});

// ---------------------------------------------------------------------------------------------------------
describe('portfolio-manager mock', () => {
  const account = (username: string) =>
    `<account><username>${username}</username><password>PA$sw0r6</password><webserviceUser>true</webserviceUser><searchable>false</searchable>` +
    '<contact><firstName>Jack</firstName><lastName>Brown</lastName><address address1="123 South St" city="Arlington" state="VA" postalCode="22201" country="US"/>' +
    '<email>jack_brown@acme.com</email><jobTitle>Building Administrator</jobTitle><phone>703-555-2121</phone></contact>' +
    '<organization name="ACME Corporation"><primaryBusiness>Other</primaryBusiness><otherBusinessDescription>other</otherBusinessDescription>' +
    '<energyStarPartner>true</energyStarPartner><energyStarPartnerType>Service and Product Providers</energyStarPartnerType></organization></account>';
  const XML_CT = { 'content-type': 'application/xml', authorization: BASIC };
  const decode = (text: string) => m('portfolio-manager').xml!.decodeResponseModel(text);

  it('creates customers: 201, id from 23421 and the GET link', async () => {
    const s = await start('portfolio-manager');
    const r = await post(`${s.url}/customer`, XML_CT, account('acme_customer'));
    expect([r.status, r.headers.get('content-type')]).toEqual([201, 'application/xml; charset=utf-8']);
    const d = decode(r.text);
    expect(d).toMatchObject({ ok: true, value: { status: 'Ok', id: 23421, links: { link: [{ httpMethod: 'GET', link: '/customer/23421' }] } } });
    expectValid(m('portfolio-manager').validators.validateResponseModel(d.value));
    expect(s.records('customers')[0]!.request).toMatchObject({ username: 'acme_customer', organization: { name: 'ACME Corporation' } });
  });

  it('answers errors with <response status="Error">: -200 duplicate, -100 invalid or malformed', async () => {
    const s = await start('portfolio-manager');
    await post(`${s.url}/customer`, XML_CT, account('acme'));
    const cases: [string, string][] = [
      [account('acme'), '-200'],
      [account('x'.repeat(61)), '-100'],
      [account('acme2').replace('<searchable>false</searchable>', ''), '-100'],
      ['<account>', '-100'],
      ['<customer/>', '-100'],
    ];
    for (const [body, code] of cases) {
      const r = await post(`${s.url}/customer`, XML_CT, body);
      expect(r.status).toBe(400);
      const d = decode(r.text);
      expect(d.ok).toBe(true);
      expect(d.value.status).toBe('Error');
      expect(d.value.errors.error[0].errorNumber).toBe(code);
      expect(d.value.errors.error[0].errorDescription.length).toBeGreaterThan(0);
      expectValid(m('portfolio-manager').validators.validateResponseModel(d.value));
    }
  });

  it('answers 401 and 415 without a body', async () => {
    const s = await start('portfolio-manager');
    const noAuth = await post(`${s.url}/customer`, { 'content-type': 'application/xml' }, account('a'));
    expect([noAuth.status, noAuth.text]).toEqual([401, '']);
    const json = await post(`${s.url}/customer`, { ...XML_CT, 'content-type': 'application/json' }, '{}');
    expect([json.status, json.text]).toEqual([415, '']);
  });

  it('serves under a base path like the vendor root, and works with the generated client', async () => {
    const s = await start('portfolio-manager', { basePath: '/wstest' });
    expect(s.url.endsWith('/wstest')).toBe(true);
    const c = m('portfolio-manager').client.createClient({ baseUrl: s.url, auth: { username: 'mock-user', password: 'mock-password' } });
    const decoded = m('portfolio-manager').xml!.decodeAccount(account('client_user'));
    const ok = await c.createCustomer({ body: decoded.value });
    expect(ok).toMatchObject({ ok: true, status: 201, data: { status: 'Ok', id: 23421 } });
    expect(await c.createCustomer({ body: decoded.value })).toMatchObject({ ok: false, error: { kind: 'http', status: 400, code: '-200' } });
  });
});

// ---------------------------------------------------------------------------------------------------------
describe('CORS and the WWW-Authenticate option', () => {
  const PAGE = 'http://127.0.0.1:5173';
  const customer = { name: 'Acme Customer', accountName: 'Acme', shipToBillAddress: true };
  const preflight = (url: string, origin: string | undefined, method = 'POST', headers = 'authorization,content-type') =>
    post(url, { ...(origin !== undefined ? { origin } : {}), 'access-control-request-method': method, 'access-control-request-headers': headers }, undefined, 'OPTIONS');
  const corsHeaders = (w: Wire) => {
    const names: string[] = [];
    w.headers.forEach((_v, k) => names.push(k));
    return names.filter((k) => k.startsWith('access-control-')).sort();
  };
  const list = (v: string | null) => (v ?? '').split(',').map((x) => x.trim().toLowerCase()).filter(Boolean);

  it('is off by default: a preflight is an unknown method, and no reply carries CORS headers', async () => {
    const s = await start('jasper');
    const pf = await preflight(`${s.url}/rws/api/v1/customers`, PAGE);
    expect(pf.status).toBe(405);
    expect(corsHeaders(pf)).toEqual([]);
    const r = await post(`${s.url}/rws/api/v1/customers`, { ...JSON_CT, authorization: BASIC, origin: PAGE }, JSON.stringify(customer));
    expect([r.status, corsHeaders(r), r.headers.get('vary')]).toEqual([200, [], null]);
  });

  it('answers preflights for an allowed origin: echoed origin, Vary, credentials, methods and the spec\'s headers', async () => {
    const s = await start('quickhelp', { cors: true });
    const pf = await preflight(`${s.url}/v1/Account/Create`, PAGE, 'POST', 'authorization,content-type,ocp-apim-subscription-key');
    expect(pf.status).toBe(204);
    expect(pf.headers.get('access-control-allow-origin')).toBe(PAGE);
    expect(list(pf.headers.get('vary'))).toContain('origin');
    expect(pf.headers.get('access-control-allow-credentials')).toBe('true');
    expect(list(pf.headers.get('access-control-allow-methods'))).toEqual(['post']);
    // The gateway's subscription key header comes from the spec's security schemes.
    expect(list(pf.headers.get('access-control-allow-headers'))).toEqual(['accept', 'authorization', 'content-type', 'ocp-apim-subscription-key']);
    expect(pf.text).toBe('');
    // A preflight for a path the mock does not serve is answered too, so the page can read the 404 that follows.
    expect((await preflight(`${s.url}/nothing`, PAGE)).status).toBe(204);
  });

  it('sets Allow-Origin, credentials and Expose-Headers on every reply to an allowed origin (errors too), never exposing Set-Cookie', async () => {
    const s = await start('tier3', { cors: [PAGE, 'https://app.example.com'] });
    const logon = await post(`${s.url}/REST/Auth/Logon/`, { ...JSON_CT, origin: PAGE }, JSON.stringify({ APIKey: 'mock-user', Password: 'mock-password' }));
    expect(logon.headers.get('access-control-allow-origin')).toBe(PAGE);
    expect(logon.headers.get('access-control-allow-credentials')).toBe('true');
    const exposed = list(logon.headers.get('access-control-expose-headers'));
    expect(exposed).toContain('retry-after');
    expect(exposed).not.toContain('set-cookie'); // declared by the spec, never exposable
    expect(logon.headers.get('set-cookie')).toMatch(/^Tier3\.API\.Cookie=/);
    const other = await post(`${s.url}/REST/Account/CreateAccount/CSV`, { ...JSON_CT, origin: 'https://app.example.com' }, '{}');
    expect([other.status, other.headers.get('access-control-allow-origin')]).toEqual([404, 'https://app.example.com']);
    const pf = await preflight(`${s.url}/SOAP/Account.asmx`, PAGE, 'POST', 'content-type');
    expect(list(pf.headers.get('access-control-allow-methods'))).toEqual(['post']);
  });

  it('gives a disallowed origin (and "null" under cors: true) no CORS header at all', async () => {
    const listed = await start('jasper', { cors: ['http://127.0.0.1:5173'] });
    const any = await start('jasper', { cors: true });
    for (const [s, origin] of [[listed, 'http://127.0.0.1:5174'], [listed, 'http://evil.example'], [listed, 'null'], [any, 'null']] as const) {
      const pf = await preflight(`${s.url}/rws/api/v1/customers`, origin);
      expect(corsHeaders(pf)).toEqual([]);
      const r = await post(`${s.url}/rws/api/v1/customers`, { ...JSON_CT, authorization: BASIC, origin }, JSON.stringify({ ...customer, name: `n ${origin} ${s.port}` }));
      expect(r.status).toBe(200);
      expect(corsHeaders(r)).toEqual([]);
    }
    // No Origin header at all (a server-side client): no CORS headers either.
    expect(corsHeaders(await post(`${any.url}/rws/api/v1/customers`, { ...JSON_CT, authorization: BASIC }, JSON.stringify(customer)))).toEqual([]);
  });

  it('refuses a cors option that is not true or a list of origins', async () => {
    for (const cors of ['yes', ['127.0.0.1:5173'], ['http://127.0.0.1:5173/app'], ['ftp://x.example'], ['http://u:p@x.example'], [1]]) {
      await expect(m('jasper').mock.startMockServer({ cors })).rejects.toThrow(TypeError);
    }
  });

  it('leaves out the WWW-Authenticate challenge when asked (wwwAuthenticate: false)', async () => {
    const s = await start('jasper', { wwwAuthenticate: false, cors: true });
    for (const auth of [undefined, basic('mock-user', 'wrong')]) {
      const r = await post(`${s.url}/rws/api/v1/customers`, { ...JSON_CT, origin: PAGE, ...(auth ? { authorization: auth } : {}) }, JSON.stringify(customer));
      expect([r.status, r.headers.get('www-authenticate'), r.headers.get('access-control-allow-origin')]).toEqual([401, null, PAGE]);
    }
  });

  it('npm run mock -- <provider> --cors --no-challenge serves CORS without the challenge', async () => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'node_modules/tsx/dist/cli.mjs'), path.join(repoRoot, 'generator/mock-cli.ts'), 'jasper', '--cors', '--no-challenge', '--dir', pkg.dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const hit = /listening on (http:\/\/\S+)/.exec(out);
          if (hit && out.includes('CORS: any origin')) resolve(hit[1]!);
        });
        child.on('exit', (code) => reject(new Error(`mock CLI exited with ${code}: ${out}`)));
      });
      const pf = await preflight(`${url}/rws/api/v1/customers`, PAGE);
      expect([pf.status, pf.headers.get('access-control-allow-origin')]).toEqual([204, PAGE]);
      const r = await post(`${url}/rws/api/v1/customers`, { ...JSON_CT, origin: PAGE }, JSON.stringify(customer));
      expect([r.status, r.headers.get('www-authenticate')]).toEqual([401, null]);
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  });
});

// ---------------------------------------------------------------------------------------------------------
describe('robustness: clients that leave, dawdle, or outlive a restart', () => {
  const customer = (name: string) => JSON.stringify({ name, accountName: 'Acme', shipToBillAddress: true });
  const rawHead = (s: MockHandle, length: number) =>
    `POST /rws/api/v1/customers HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\nContent-Type: application/json\r\nAuthorization: ${BASIC}\r\nContent-Length: ${length}\r\n\r\n`;
  const until = async (what: () => boolean, ms = 3000) => {
    for (const t0 = Date.now(); !what(); ) {
      if (Date.now() - t0 > ms) throw new Error('timed out waiting');
      await new Promise((r) => setTimeout(r, 5));
    }
  };

  it('a client that disconnects mid-upload is not a mock failure, and the mock goes on serving', async () => {
    const logged: string[] = [];
    const s = await start('jasper', { log: (msg: string) => logged.push(msg) });
    for (let i = 0; i < 3; i++) {
      const sock = connect(s.port, '127.0.0.1');
      await new Promise((r) => sock.once('connect', r));
      sock.write(rawHead(s, 100_000) + '{"name":"' + 'x'.repeat(1000));
      await until(() => s.stats.requests === i + 1);
      sock.destroy();
      await until(() => s.stats.abortedRequests === i + 1);
    }
    expect(logged).toEqual([]);
    expect(s.problems).toEqual([]);
    const ok = await post(`${s.url}/rws/api/v1/customers`, { ...JSON_CT, authorization: BASIC }, customer('after'));
    expect(ok.status).toBe(200);
    expect(s.records('customers').map((r) => r.request.name)).toEqual(['after']);
  });

  it('a client that sends its headers too slowly gets 408 and is disconnected (headersTimeoutMs)', async () => {
    const s = await start('jasper', { headersTimeoutMs: 200 });
    const sock = connect(s.port, '127.0.0.1');
    let received = '';
    sock.on('data', (d) => (received += d.toString()));
    const closed = new Promise<number>((r) => sock.once('close', () => r(Date.now())));
    await new Promise((r) => sock.once('connect', r));
    const t0 = Date.now();
    sock.write('POST /rws/api/v1/customers HTTP/1.1\r\nHost: 127.0.0.1\r\n'); // and nothing more
    const t1 = await Promise.race([closed, new Promise<number>((r) => setTimeout(() => r(-1), 5000))]);
    sock.destroy();
    expect(t1).toBeGreaterThan(0);
    expect(t1 - t0).toBeGreaterThanOrEqual(150);
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    expect(s.stats.requests).toBe(0);
    await expect(m('jasper').mock.startMockServer({ headersTimeoutMs: 0 })).rejects.toThrow(TypeError);
    await expect(m('jasper').mock.startMockServer({ headersTimeoutMs: 2000, requestTimeoutMs: 1000 })).rejects.toThrow(TypeError);
  });

  it('a client that sends its body too slowly gets 408 (requestTimeoutMs), counted as aborted, not a failure', async () => {
    const logged: string[] = [];
    const s = await start('jasper', { headersTimeoutMs: 100, requestTimeoutMs: 300, log: (msg: string) => logged.push(msg) });
    const sock = connect(s.port, '127.0.0.1');
    let received = '';
    sock.on('data', (d) => (received += d.toString()));
    const closed = new Promise<void>((r) => sock.once('close', () => r()));
    await new Promise((r) => sock.once('connect', r));
    sock.write(rawHead(s, 1000) + '{"name":');
    const trickle = setInterval(() => sock.writable && sock.write(' '), 50);
    await Promise.race([closed, new Promise((r) => setTimeout(r, 5000))]);
    clearInterval(trickle);
    sock.destroy();
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
    await until(() => s.stats.abortedRequests === 1);
    expect([s.stats.requests, logged, s.problems]).toEqual([1, [], []]);
  });

  it('close() resolves only once every socket is gone: idle, keep-alive and half-sent requests', async () => {
    const s = (await m('jasper').mock.startMockServer({})) as MockHandle;
    const idle = connect(s.port, '127.0.0.1');
    const halfway = connect(s.port, '127.0.0.1');
    await Promise.all([idle, halfway].map((x) => new Promise((r) => x.once('connect', r))));
    halfway.write('POST /rws/api/v1/customers HTTP/1.1\r\nHost: x\r\n');
    const agent = new Agent({ keepAlive: true });
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${s.url}/rws/api/v1/customers`, { method: 'POST', agent, headers: { ...JSON_CT, authorization: BASIC } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end(customer('kept alive'));
    });
    expect(status).toBe(200);
    const kept = Object.values(agent.freeSockets).flat();
    expect(kept).toHaveLength(1);
    const ended = new Set<unknown>();
    for (const x of [idle, halfway, ...kept]) x!.once('end', () => ended.add(x));
    await s.close();
    // Checked at once, without waiting: every peer has already seen its connection end.
    expect(ended.size).toBe(3);
    idle.destroy();
    halfway.destroy();
    agent.destroy();
  });

  it('a mock restarted on the same port serves the very next call of a client that kept its connection', async () => {
    const first = (await m('jasper').mock.startMockServer({})) as MockHandle;
    const port = first.port;
    const c = m('jasper').client.createClient({ baseUrl: first.url, auth: { username: 'mock-user', password: 'mock-password' } });
    expect(await c.createCustomer({ body: { name: 'first', accountName: 'Acme', shipToBillAddress: true } })).toMatchObject({ ok: true });
    let s = first;
    for (let i = 0; i < 15; i++) {
      await s.close();
      s = (await m('jasper').mock.startMockServer({ port })) as MockHandle;
      const r = await c.createCustomer({ body: { name: `restart ${i}`, accountName: 'Acme', shipToBillAddress: true } });
      expect([i, r.ok ? 'ok' : r.error]).toEqual([i, 'ok']);
      expect(s.records('customers')).toHaveLength(1);
    }
    await s.close();
  });
});

// ---------------------------------------------------------------------------------------------------------
describe('server lifecycle and load', () => {
  /** Sockets, listening servers and timers: what a server or client could leak. */
  const socketCount = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap' || r === 'TCPServerWrap' || r === 'Timeout').length;
  const tick = () => new Promise((r) => setTimeout(r, 20));
  /** The socket count once it stops changing (sockets of earlier tests may still be closing). */
  async function baseline(): Promise<number> {
    let last = socketCount();
    for (let i = 0, same = 0; i < 100 && same < 5; i++) {
      await tick();
      const n = socketCount();
      same = n === last ? same + 1 : 0;
      last = n;
    }
    return last;
  }
  /** Waits (up to 2 s) for the count to drop back to `target`. */
  async function settle(target: number): Promise<number> {
    for (let i = 0; i < 100 && socketCount() > target; i++) await tick();
    return socketCount();
  }

  it('close() ends idle keep-alive sockets and replies in flight finish first', async () => {
    const before = await baseline();
    const s = (await m('jasper').mock.startMockServer({ latencyMs: 150 })) as MockHandle;
    const agent = new Agent({ keepAlive: true });
    const send = () =>
      new Promise<[number, string | undefined]>((resolve, reject) => {
        const req = httpRequest(`${s.url}/rws/api/v1/customers`, { method: 'POST', agent, headers: { ...JSON_CT, authorization: BASIC } }, (res) => {
          res.resume();
          res.on('end', () => resolve([res.statusCode ?? 0, res.headers.connection]));
        });
        req.on('error', reject);
        req.end(JSON.stringify({ name: `n${Math.random()}`, accountName: 'Acme', shipToBillAddress: true }));
      });
    expect(await send()).toEqual([200, 'keep-alive']); // leaves an idle keep-alive socket
    const inFlight = send();
    await new Promise((r) => setTimeout(r, 30));
    const t0 = Date.now();
    await s.close();
    // The reply in flight was finished, and told the client not to reuse the connection.
    expect(await inFlight).toEqual([200, 'close']);
    expect(Date.now() - t0).toBeLessThan(1500);
    agent.destroy();
    expect(await settle(before)).toBeLessThanOrEqual(before);
  });

  const load: [string, (s: MockHandle) => (i: number) => Promise<unknown>, string][] = [
    ['jasper', (s) => { const c = m('jasper').client.createClient({ baseUrl: s.url, auth: { username: 'mock-user', password: 'mock-password' } }); return (i) => c.createCustomer({ body: { name: `Customer ${i}`, accountName: 'Acme', shipToBillAddress: true } }); }, 'customers'],
    ['tier3', (s) => { const c = m('tier3').client.createClient({ baseUrl: s.url, auth: { apiKey: 'mock-user', password: 'mock-password' } }); return (i) => c.createAccount({ body: { ParentAlias: '1000', Location: 'WA1', BusinessName: `Biz ${i}`, Address1: 'a', City: 'c', StateProvince: 'WA', PostalCode: '1', Country: 'USA', Telephone: '1', ShareParentNetworks: false, BillingResponsibilityID: 1 } }); }, 'accounts'],
    ['quickhelp', (s) => { const c = m('quickhelp').client.createClient({ baseUrl: s.url, auth: { apiKey: 'mock-partner-key', subscriptionKey: 'mock-subscription-key' } }); return (i) => c.createCustomerAccount({ body: { companyName: `Company ${i}`, accountType: 4 } }); }, 'customers'],
    ['avvio', (s) => { const c = m('avvio').client.createClient({ baseUrl: s.url, auth: { username: 'mock-user', password: 'mock-password' } }); return (i) => c.createAccount({ body: { siteID: 1853, accountInformation: { nameFirst: 'A', nameLast: `B${i}`, password: 'p', email: `a${i}@example.com` } } }); }, 'accounts'],
    ['portfolio-manager', (s) => { const c = m('portfolio-manager').client.createClient({ baseUrl: s.url, auth: { username: 'mock-user', password: 'mock-password' } }); return (i) => c.createCustomer({ body: { username: `user${i}`, password: 'PA$sw0r6', webserviceUser: true, searchable: false, contact: { firstName: 'J', lastName: 'B', email: 'j@example.com', address: { address1: '1 St', city: 'A', postalCode: '1', country: 'US' }, jobTitle: 'x', phone: '1' }, organization: { name: 'O', primaryBusiness: 'Other', energyStarPartner: false } } }); }, 'customers'],
  ];
  it.each(load)('%s: 2,000 creates, 64 in flight, through the client: none fails, each stored once, no leaked socket', async (p, makeCall, collection) => {
    const before = await baseline();
    const s = (await m(p).mock.startMockServer({ validateReplies: true })) as MockHandle;
    const call = makeCall(s);
    const N = 2000;
    const failures: unknown[] = [];
    let next = 0;
    await Promise.all(
      Array.from({ length: 64 }, async () => {
        while (next < N) {
          const i = next++;
          const r = (await call(i)) as { ok: boolean; error?: unknown };
          if (!r.ok) failures.push(r.error);
        }
      }),
    );
    expect(failures.slice(0, 3)).toEqual([]);
    const records = s.records(collection);
    expect(records).toHaveLength(N);
    expect(new Set(records.map((r) => String(r.id))).size).toBe(N);
    expect(s.problems).toEqual([]);
    expect(s.stats.validatedReplies).toBeGreaterThanOrEqual(N);
    await s.close();
    expect(await settle(before)).toBeLessThanOrEqual(before);
  });
});
