/**
 * The generated clients in a real browser. Each provider's client is bundled with esbuild (platform browser,
 * minified) and loaded by a page served from one 127.0.0.1 origin into headless Chromium (Debian's package,
 * driven by puppeteer-core; nothing downloads a browser). The generated mocks run on other ports, so every
 * call is cross-origin and goes through the mocks' CORS answers (preflights included).
 *
 * For every provider with a mock (the `./<provider>/mock` exports of the package): a success, wrong
 * credentials, a body the client refuses before sending, and the same body sent anyway and refused by the
 * mock. The request comes from the spec's own example of the operation that stores records (x-mock
 * collection); the credentials from the mock's `mockInfo.clientAuth`. Then Tier 3: logon, then createAccount
 * in each format with the session cookie travelling across origins (`credentials: 'include'`), and without
 * that option the session cookie never arrives. Two fixture vendors (test/fixtures/vendors/) cover wire kinds the
 * five do not use: Stripe-style form and multipart bodies (a File part from the page), and Atlas-style HTTP
 * Digest (the challenge read across origins, MD5 computed in the page), and raw-byte uploads (a Blob and a File).
 *
 * Chromium at /usr/bin/chromium is required when CI=true (.ci/run installs it); elsewhere the test is
 * skipped with a printed reason when it is missing.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePackage } from './support/fixture-vendors.ts';
import { freshPackage, type FreshPackage } from './support/fresh-package.ts';
import { specsDir } from './support/paths.ts';

const CHROMIUM = '/usr/bin/chromium';
const inCI = process.env.CI === 'true' || process.env.CI === '1';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && !inCI) console.warn(`[skip] browser tests: ${CHROMIUM} is missing (apt-get install -y chromium; CI installs it)`);

/* eslint-disable @typescript-eslint/no-explicit-any */
type Mod = Record<string, any>;
interface MockHandle {
  url: string;
  problems: string[];
  stats: { requests: number };
  records(collection: string): { request: any }[];
  close(): Promise<void>;
}
/** What the page reports of one call (errors flattened to what the assertions need). */
interface Outcome {
  ok: boolean;
  status: number | null;
  kind?: string;
  code?: string | null;
  message?: string;
}
interface Sample {
  provider: string;
  operationId: string;
  collection: string;
  /** Lossless JSON (bigints as digits) of the call's argument, and of one the client refuses. */
  input: string;
  invalid: string;
  auth: Record<string, string>;
}

let pkg: FreshPackage;
let browser: Browser | undefined;
let userDataDir: string | undefined;
let page: Server | undefined;
let origin = '';
const bundles = new Map<string, string>();
const sizes = new Map<string, { min: number; gzip: number }>();
const mocks: MockHandle[] = [];

/** Providers with a mock: `./<provider>/mock` in the package's exports. */
function mockedProviders(dir: string): string[] {
  const exportsMap = (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { exports: Record<string, unknown> }).exports;
  return Object.keys(exportsMap)
    .map((k) => /^\.\/(.+)\/mock$/.exec(k)?.[1])
    .filter((p): p is string => p !== undefined)
    .sort();
}

/** A minified browser bundle of `exports` from the package (esbuild, platform browser). */
async function bundle(contents: string, dir = pkg.dir): Promise<string> {
  const r = await build({
    stdin: { contents, resolveDir: dir, loader: 'js', sourcefile: 'entry.js' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    write: false,
    logLevel: 'silent',
  });
  return r.outputFiles[0]!.text;
}

/**
 * The call a provider's browser test makes: the operation that stores records, its first request example
 * from the spec (XML examples read with the generated decoder that accepts them), and a copy without the
 * first member whose absence the client itself refuses.
 */
async function sampleFor(provider: string): Promise<Sample> {
  const doc = parse(readFileSync(path.join(specsDir, provider, 'openapi.yaml'), 'utf8')) as any;
  const mockMod = await pkg.load<Mod>(`${provider}/mock.js`);
  const client = await pkg.load<Mod>(`${provider}/client.js`);
  const runtime = await pkg.load<Mod>('runtime/client.js');
  for (const item of Object.values<any>(doc.paths ?? {})) {
    for (const op of Object.values<any>(item)) {
      const collection = op?.['x-mock']?.collection;
      if (typeof collection !== 'string') continue;
      const contents = Object.entries<any>(op.requestBody?.content ?? {});
      contents.sort(([a], [b]) => Number(!a.includes('json')) - Number(!b.includes('json')));
      let body: unknown;
      for (const [mediaType, media] of contents) {
        const ex = Object.values<any>(media.examples ?? {}).map((e) => resolveRef(doc, e)).find((e) => e['x-invalid'] !== true);
        if (!ex) continue;
        if (mediaType.includes('json')) body = ex.value;
        else {
          const xml = await pkg.load<Mod>(`${provider}/xml.js`);
          body = Object.entries(xml)
            .filter(([name, f]) => name.startsWith('decode') && typeof f === 'function')
            .map(([, f]) => (f as (t: string) => { ok: boolean; value?: unknown })(ex.value))
            .find((r) => r.ok)?.value;
        }
        if (body !== undefined) break;
      }
      if (body === null || typeof body !== 'object') throw new Error(`${provider}: ${op.operationId} has no request example to call it with`);
      const input = { body };
      // The first variant the client refuses before sending, and that it still writes to the wire when told not
      // to check (an XML encoder cannot write a missing required element). Neither client reaches a server.
      let sent = false;
      const offline = { baseUrl: 'http://127.0.0.1:9', auth: mockMod.mockInfo.clientAuth, fetch: () => ((sent = true), Promise.reject(new Error('not sent'))) };
      const refusing = client.createClient(offline);
      const unchecked = client.createClient({ ...offline, validateRequest: false });
      let invalid: unknown;
      const variants = Object.keys(body).flatMap((key) => {
        const without = { ...(body as Record<string, unknown>) };
        delete without[key];
        const v = (body as Record<string, unknown>)[key];
        const replaced = (x: unknown) => ({ ...(body as Record<string, unknown>), [key]: x });
        return [without, replaced(typeof v === 'string' ? 12345 : 'not a valid value'), ...(typeof v === 'string' ? [replaced('x'.repeat(5000))] : [])];
      });
      for (const candidate of variants) {
        const r = await refusing[op.operationId]({ body: candidate });
        sent = false;
        await unchecked[op.operationId]({ body: candidate });
        if (!r.ok && r.error.kind === 'validation' && sent) {
          invalid = { body: candidate };
          break;
        }
      }
      if (invalid === undefined) throw new Error(`${provider}: the client refuses no variant of the ${op.operationId} example (a member left out, of the wrong type, or too long)`);
      return {
        provider,
        operationId: op.operationId,
        collection,
        input: runtime.stringifyJson(input),
        invalid: runtime.stringifyJson(invalid),
        auth: { ...mockMod.mockInfo.clientAuth },
      };
    }
  }
  throw new Error(`${provider}: no operation stores records (x-mock.collection)`);
}

/** An example object, through a local `$ref` (`#/components/examples/...`). */
function resolveRef(doc: unknown, e: any): any {
  if (typeof e?.$ref !== 'string') return e;
  return e.$ref
    .slice(2)
    .split('/')
    .map((k: string) => k.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((o: any, k: string) => o?.[k], doc);
}

/**
 * A page of the test origin that has loaded the provider's bundle as `window.lib`, in a browser context of its
 * own: cookies are per host, not per port, so mocks on 127.0.0.1 would otherwise share one cookie jar.
 */
async function newPage(provider: string): Promise<Page> {
  const context = await browser!.createBrowserContext();
  const p = await context.newPage();
  await p.goto(`${origin}/${provider}.html`);
  await p.waitForFunction('window.lib !== undefined', { timeout: 10_000 });
  return p;
}

const providers: string[] = [];

describe.runIf(inCI && !hasChromium)('Chromium for the browser tests', () => {
  it(`is installed at ${CHROMIUM} (CI never skips the browser tests; .ci/run installs Debian's chromium)`, () => {
    expect(existsSync(CHROMIUM)).toBe(true);
  });
});

describe.skipIf(!hasChromium)('generated clients in headless Chromium against the mocks on another origin', () => {
  beforeAll(async () => {
    pkg = await freshPackage();
    const list = mockedProviders(pkg.dir);
    providers.push(...list);
    // Bundles: what the README's sizes measure (createClient alone), and what the page loads (with the
    // lossless JSON reader, to receive bigint-safe arguments).
    await Promise.all(
      list.map(async (p) => {
        const sized = await bundle(`export { createClient } from './${p}/index.js';`);
        sizes.set(p, { min: Buffer.byteLength(sized), gzip: gzipSync(sized, { level: 9 }).length });
        bundles.set(p, await bundle(`export { createClient } from './${p}/index.js'; export { parseJson } from './runtime/client.js';`));
      }),
    );
    for (const [p, s] of sizes) console.log(`bundle ${p}: ${s.min} bytes minified, ${s.gzip} bytes minified+gzip`);

    page = createServer((req, res) => {
      const [, name, ext] = /^\/([a-z0-9-]+)\.(js|html)$/.exec(req.url ?? '') ?? [];
      const js = name !== undefined ? bundles.get(name) : undefined;
      if (js === undefined) res.writeHead(404).end();
      else if (ext === 'js') res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(js);
      else {
        const html = `<!doctype html><meta charset="utf-8"><title>${name}</title><script type="module">import * as lib from '/${name}.js'; window.lib = lib;</script>`;
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
      }
    });
    await new Promise<void>((r) => page!.listen(0, '127.0.0.1', r));
    origin = `http://127.0.0.1:${(page.address() as { port: number }).port}`;

    userDataDir = mkdtempSync(path.join(tmpdir(), 'provgen-chromium-'));
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      userDataDir,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await Promise.all(mocks.splice(0).map((m) => m.close()));
    if (page) await new Promise((r) => page!.close(r));
    if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
    pkg?.remove();
  });

  async function startMock(provider: string): Promise<MockHandle> {
    const mod = await pkg.load<Mod>(`${provider}/mock.js`);
    const s = (await mod.startMockServer({ cors: [origin], wwwAuthenticate: false, validateReplies: true })) as MockHandle;
    mocks.push(s);
    return s;
  }

  /**
   * A fixture vendor (test/fixtures/vendors/<id>) generated into a temp folder, its client bundled for the page,
   * its mock started with `options` (CORS for the page's origin), and a page that loaded the bundle; all of it
   * removed afterwards.
   */
  async function withFixtureVendor(id: string, options: Record<string, unknown>, fn: (p: Page, mock: MockHandle, mockMod: Mod) => Promise<void>): Promise<void> {
    const fixture = await fixturePackage([id]);
    try {
      bundles.set(id, await bundle(`export { createClient } from './${id}/index.js';`, fixture.dir));
      const mockMod = await fixture.load<Mod>(`${id}/mock.js`);
      const mock = (await mockMod.startMockServer(options)) as MockHandle;
      mocks.push(mock);
      const p = await newPage(id);
      try {
        await fn(p, mock, mockMod);
      } finally {
        await p.browserContext().close();
      }
    } finally {
      fixture.remove();
    }
  }

  it('bundles every mocked provider for the browser', () => {
    expect(providers.length).toBeGreaterThan(0);
    for (const p of providers) expect(sizes.get(p)!.gzip).toBeGreaterThan(0);
  });

  it('every provider: success, wrong credentials, refused by the client, refused by the mock (pages in parallel)', async () => {
    await Promise.allSettled(
      providers.map(async (provider) => {
        const sample = await sampleFor(provider);
        const mock = await startMock(provider);
        const p = await newPage(provider);
        try {
          const wrongAuth = Object.fromEntries(Object.entries(sample.auth).map(([k, v]) => [k, `${v}-wrong`]));
          const out = await p.evaluate(
            async (a) => {
              const mod = (window as any).lib;
              const sum = (r: any) =>
                r.ok
                  ? { ok: true, status: r.status }
                  : { ok: false, status: r.error.status ?? null, kind: r.error.kind, code: r.error.code === undefined ? null : String(r.error.code), message: String(r.error.message) };
              const client = (o: object) => mod.createClient({ baseUrl: a.baseUrl, credentials: 'include', ...o });
              const input = mod.parseJson(a.input);
              const invalid = mod.parseJson(a.invalid);
              const success = sum(await client({ auth: a.auth })[a.operationId](input));
              const wrong = sum(await client({ auth: a.wrongAuth })[a.operationId](input));
              const refused = sum(await client({ auth: a.auth })[a.operationId](invalid));
              const sentAnyway = sum(await client({ auth: a.auth, validateRequest: false })[a.operationId](invalid));
              return { success, wrong, refused, sentAnyway };
            },
            { provider, baseUrl: mock.url, auth: sample.auth, wrongAuth, operationId: sample.operationId, input: sample.input, invalid: sample.invalid },
          );
          const o = out as Record<string, Outcome>;
          expect(o.success, `${provider} success`).toMatchObject({ ok: true });
          expect(mock.records(sample.collection), `${provider} stored the call`).toHaveLength(1);
          // Wrong credentials: the mock's refusal reached the page (an HTTP status or the vendor's code), not a
          // network error (a CORS failure would be one).
          expect(o.wrong!.ok, `${provider} wrong credentials`).toBe(false);
          if (o.wrong!.kind === 'http') expect(o.wrong!.status, `${provider} wrong credentials`).toBe(401);
          else expect(o.wrong!.kind, `${provider} wrong credentials: ${o.wrong!.message}`).toBe('vendor');
          const seen = mock.stats.requests;
          expect(o.refused, `${provider} refused by the client`).toMatchObject({ ok: false, kind: 'validation' });
          expect(o.sentAnyway!.ok, `${provider} sent anyway`).toBe(false);
          if (o.sentAnyway!.kind === 'http') expect(o.sentAnyway!.status, `${provider} refused by the mock: ${o.sentAnyway!.message}`).toBe(400);
          else expect(o.sentAnyway!.kind, `${provider} refused by the mock: ${o.sentAnyway!.message}`).toBe('vendor');
          expect(seen).toBeGreaterThan(0);
          expect(mock.records(sample.collection)).toHaveLength(1);
          expect(mock.problems).toEqual([]);
        } finally {
          await p.browserContext().close();
        }
      }),
    ).then((settled) => {
      // Every page finished before the test ends (none keeps calling into the next test); then report.
      const failed = settled.filter((x): x is PromiseRejectedResult => x.status === 'rejected');
      if (failed.length > 0) throw failed[0]!.reason;
    });
  });

  it('Tier 3: logon then createAccount with the session cookie across origins, in every format', async () => {
    expect(providers).toContain('tier3');
    const mock = await startMock('tier3');
    const p = await newPage('tier3');
    try {
      const account = { ParentAlias: '1000', Location: 'WA1', Address1: '1 Main St', City: 'Bellevue', StateProvince: 'WA', PostalCode: '98004', Country: 'USA', Telephone: '1', ShareParentNetworks: false, BillingResponsibilityID: 1 };
      const out = (await p.evaluate(
        async (a) => {
          const mod = (window as any).lib;
          const sum = (r: any) => (r.ok ? { ok: true, status: r.status, success: r.data.Success ?? null, alias: r.data.AccountDetails?.AccountAlias ?? null } : { ok: false, kind: r.error.kind, code: r.error.code === undefined ? null : String(r.error.code), message: String(r.error.message) });
          const results: Record<string, unknown> = {};
          for (const format of ['json', 'xml', 'soap']) {
            const t = mod.createClient({ baseUrl: a.baseUrl, auth: a.auth, credentials: 'include', format });
            results[`${format} logon`] = sum(await t.logon());
            results[`${format} create`] = sum(await t.createAccount({ body: { ...a.account, BusinessName: `Browser ${format}` } }));
          }
          // Without credentials: 'include' the browser neither keeps nor sends the cookie: logon succeeds, the
          // create is refused with the session code even after the client's one re-logon.
          const plain = mod.createClient({ baseUrl: a.baseUrl, auth: a.auth });
          results['no credentials create'] = sum(await plain.createAccount({ body: { ...a.account, BusinessName: 'Browser no cookie' } }));
          results.cookieVisibleToPage = document.cookie.includes('Tier3.API.Cookie');
          return results;
        },
        { baseUrl: mock.url, auth: { apiKey: 'mock-user', password: 'mock-password' }, account },
      )) as Record<string, any>;
      for (const format of ['json', 'xml', 'soap']) {
        expect(out[`${format} logon`], format).toMatchObject({ ok: true, success: true });
        expect(out[`${format} create`], `${format}: ${JSON.stringify(out[`${format} create`])}`).toMatchObject({ ok: true, success: true });
      }
      expect(out['no credentials create']).toMatchObject({ ok: false, kind: 'vendor', code: '100' });
      expect(out.cookieVisibleToPage).toBe(false); // HttpOnly
      expect(mock.records('accounts').map((r) => r.request.BusinessName)).toEqual(['Browser json', 'Browser xml', 'Browser soap']);
      expect(mock.problems).toEqual([]);
    } finally {
      await p.browserContext().close();
    }
  });

  it('form and multipart bodies (the Stripe-style fixture vendor): deepObject form fields and a File part, sent from the page', async () => {
    await withFixtureVendor('stripe', { cors: [origin], wwwAuthenticate: false, validateReplies: true }, async (p, mock, mockMod) => {
      const out = (await p.evaluate(
        async (a) => {
          const mod = (window as any).lib;
          const sum = (r: any) => (r.ok ? { ok: true, status: r.status, id: r.data.id, email: r.data.email ?? null, purpose: r.data.purpose ?? null } : { ok: false, kind: r.error.kind, status: r.error.status ?? null, code: r.error.code ?? null });
          const client = mod.createClient({ baseUrl: a.baseUrl, auth: a.auth });
          const customer = sum(await client.createCustomer({ body: { email: 'page@example.com', metadata: { order_id: '6735', 'note & more': 'a=b' }, preferred_locales: ['en', 'fr'], address: { city: 'Oslo' } }, 'Idempotency-Key': 'browser-1' }));
          const replay = sum(await client.createCustomer({ body: { email: 'page@example.com', metadata: { order_id: '6735', 'note & more': 'a=b' }, preferred_locales: ['en', 'fr'], address: { city: 'Oslo' } }, 'Idempotency-Key': 'browser-1' }));
          const file = new File(['%PDF-1.4 evidence'], 'evidence.pdf', { type: 'application/pdf' });
          const upload = sum(await client.createFile({ body: { purpose: 'dispute_evidence', file, file_link_data: { create: true } } }));
          const notAFile = sum(await client.createFile({ body: { purpose: 'dispute_evidence', file: 'text' } }));
          return { customer, replay, upload, notAFile };
        },
        { baseUrl: mock.url, auth: mockMod.mockInfo.clientAuth },
      )) as Record<string, any>;
      expect(out.customer).toMatchObject({ ok: true, status: 200, email: 'page@example.com' });
      expect(out.replay.id).toBe(out.customer.id);
      expect(out.upload).toMatchObject({ ok: true, status: 200, purpose: 'dispute_evidence' });
      expect(out.notAFile).toMatchObject({ ok: false, kind: 'validation' });
      // What the mock decoded from the page's form and multipart bodies.
      expect(mock.records('customers').map((x) => x.request)).toEqual([{ email: 'page@example.com', metadata: { order_id: '6735', 'note & more': 'a=b' }, preferred_locales: ['en', 'fr'], address: { city: 'Oslo' } }]);
      const stored = mock.records('files')[0]!.request;
      expect([stored.purpose, stored.file_link_data, stored.file?.name, stored.file?.type, stored.file?.size]).toEqual(['dispute_evidence', { create: true }, 'evidence.pdf', 'application/pdf', 17]);
      expect(mock.problems).toEqual([]);
    });
  });

  it('raw-byte bodies (the assets fixture vendor): a Blob and an image File uploaded from the page, sent as they are', async () => {
    await withFixtureVendor('assets', { cors: [origin], wwwAuthenticate: false, validateReplies: true }, async (p, mock, mockMod) => {
      const out = (await p.evaluate(
        async (a) => {
          const mod = (window as any).lib;
          const sum = (r: any) => (r.ok ? { ok: true, status: r.status, data: r.data ?? null } : { ok: false, kind: r.error.kind });
          const client = mod.createClient({ baseUrl: a.baseUrl, auth: a.auth });
          const bytes = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0xff, 0x10, 0x80]);
          const asset = sum(await client.uploadReleaseAsset({ owner: 'o', repo: 'r', release_id: 9, name: 'a.zip', body: new Blob([bytes]) }));
          const avatar = sum(await client.setAvatar({ user: 'u', body: new File([bytes], 'me.png', { type: 'image/png' }) }));
          const notBytes = sum(await client.uploadReleaseAsset({ owner: 'o', repo: 'r', release_id: 9, name: 'b.zip', body: 'text' }));
          return { asset, avatar, notBytes };
        },
        { baseUrl: mock.url, auth: mockMod.mockInfo.clientAuth },
      )) as Record<string, any>;
      expect(out.asset).toEqual({ ok: true, status: 201, data: { id: 1, name: 'a.zip' } });
      expect(out.avatar).toMatchObject({ ok: true, status: 204 });
      expect(out.notBytes).toEqual({ ok: false, kind: 'validation' });
      const stored = mock.records('assets')[0]!.request as Blob;
      expect([...new Uint8Array(await stored.arrayBuffer())]).toEqual([0x50, 0x4b, 0x03, 0x04, 0x00, 0xff, 0x10, 0x80]);
      expect(mock.problems).toEqual([]);
    });
  });

  it('HTTP Digest (the Atlas-style fixture vendor): the challenge read across origins and answered in the page', async () => {
    await withFixtureVendor('atlas', { cors: [origin], wwwAuthenticate: false }, async (p, mock, mockMod) => {
      const out = (await p.evaluate(
        async (a) => {
          const mod = (window as any).lib;
          const sum = (r: any) => (r.ok ? { ok: true, status: r.status, attempts: r.attempts, name: r.data.name } : { ok: false, kind: r.error.kind, status: r.error.status, code: r.error.code ?? null });
          const client = mod.createClient({ baseUrl: a.baseUrl, auth: a.auth });
          const first = sum(await client.createProject({ body: { name: 'browser one', orgId: '5f4e3d2c1b0a998877665544' } }));
          const second = sum(await client.createProject({ body: { name: 'browser two', orgId: '5f4e3d2c1b0a998877665544' } }));
          const wrong = mod.createClient({ baseUrl: a.baseUrl, auth: { ...a.auth, password: 'wrong' } });
          return { first, second, wrong: sum(await wrong.createProject({ body: { name: 'browser three', orgId: '5f4e3d2c1b0a998877665544' } })) };
        },
        { baseUrl: mock.url, auth: mockMod.mockInfo.clientAuth },
      )) as Record<string, any>;
      // The first call goes bare and answers the challenge (two attempts); the second reuses the nonce.
      expect(out.first).toEqual({ ok: true, status: 200, attempts: 2, name: 'browser one' });
      expect(out.second).toEqual({ ok: true, status: 200, attempts: 1, name: 'browser two' });
      expect(out.wrong).toEqual({ ok: false, kind: 'http', status: 401, code: 'UNAUTHORIZED' });
      expect(mock.problems).toEqual([]);
    });
  });
});
