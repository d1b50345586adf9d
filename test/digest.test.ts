/**
 * HTTP Digest (RFC 7616), the wire kind generator/wire/digest.ts with its runtime halves in
 * templates/runtime/auth/digest.js: the hashes against Node's crypto, the response against RFC 7616's worked
 * example, and the Atlas-style fixture vendor (test/fixtures/vendors/atlas/) generated into a temp folder and
 * called over HTTP on 127.0.0.1: against a hand-written stand-in that checks every answer with Node's crypto
 * (SHA-256 and MD5-sess challenges, stale nonces, what the client cannot answer) and against its generated mock.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDigest, digestParams, digestResponse, md5Hex } from '../templates/runtime/auth/digest.js';
import { fixturePackage, type FixturePackage } from './support/fixture-vendors.ts';
import { typecheckConsumer } from './support/typecheck.ts';
import { VendorServer, type Recorded, type Reply } from './support/vendor-servers.ts';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Mod = { createClient: (options: any) => any };

const h = (alg: string, s: string): string => createHash(alg).update(s, 'utf8').digest('hex');

describe('hashes and the response', () => {
  const inputs = ['', 'a', 'abc', 'message digest', 'x'.repeat(55), 'x'.repeat(56), 'x'.repeat(63), 'x'.repeat(64), 'x'.repeat(65), 'Grüße, 世界 🎉', 'y'.repeat(1000)];
  it.each(inputs.map((s) => [s.length, s] as const))('md5Hex of %i characters is Node\'s MD5', (_n, s) => {
    expect(md5Hex(s)).toBe(h('md5', s));
  });

  // RFC 7616 section 3.9.1: the same request answered with MD5 and with SHA-256.
  const example = {
    username: 'Mufasa',
    password: 'Circle of Life',
    realm: 'http-auth@example.org',
    nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
    method: 'GET',
    uri: '/dir/index.html',
    qop: 'auth',
    nc: '00000001',
    cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
    sess: false,
  };
  it.each([
    ['MD5', 'md5', '8ca523f5e9506fed4657c9700eebdbec'],
    ['SHA-256', 'sha256', '753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1'],
  ])('RFC 7616 worked example, %s', async (_name, alg, published) => {
    const hash = async (t: string): Promise<string> => h(alg, t);
    expect(await digestResponse(hash, example)).toBe(published);
    // -sess folds the nonces into HA1.
    const ha1 = h(alg, `${h(alg, 'Mufasa:http-auth@example.org:Circle of Life')}:${example.nonce}:${example.cnonce}`);
    const want = h(alg, `${ha1}:${example.nonce}:00000001:${example.cnonce}:auth:${h(alg, 'GET:/dir/index.html')}`);
    expect(await digestResponse(hash, { ...example, sess: true })).toBe(want);
  });

  it('reads the Digest challenge among others, quoted strings with escapes', () => {
    const p = digestParams('Basic realm="b", Digest realm="a \\"q\\" b", nonce="n,1", qop="auth,auth-int", algorithm=SHA-256, Bearer realm="x"');
    expect(Object.fromEntries(p!)).toEqual({ realm: 'a "q" b', nonce: 'n,1', qop: 'auth,auth-int', algorithm: 'SHA-256' });
    expect(digestParams('Basic realm="only basic"')).toBeUndefined();
  });
});

// ---- the generated vendor ------------------------------------------------------------------------------------

let pkg: FixturePackage;
let mod: Mod;
let mockMod: any;

beforeAll(async () => {
  pkg = await fixturePackage(['atlas']);
  mod = await pkg.load<Mod>('atlas/client.js');
  mockMod = await pkg.load('atlas/mock.js');
}, 60_000);

afterAll(() => pkg?.remove());

const ORG = '5f4e3d2c1b0a998877665544';
const USER = 'pubkey-ab12';
const PASSWORD = 'priv-7c9e/ü';

it('the generated package typechecks (declarations and checkJs) with a consumer of its typed auth and errors', () => {
  expect(
    typecheckConsumer(pkg.dir, [
      "import { createClient } from './atlas/index.js';",
      "const client = createClient({ baseUrl: 'https://cloud.mongodb.com/api/atlas/v1.0', auth: { username: 'public-key', password: 'private-key' } });",
      '// @ts-expect-error the password is required',
      "createClient({ baseUrl: 'https://x.test', auth: { username: 'public-key' } });",
      'async function run(): Promise<void> {',
      "  const r = await client.createProject({ body: { name: 'p', orgId: '5f4e3d2c1b0a998877665544' } });",
      '  if (r.ok) console.log(r.data.id, r.data.created);',
      "  else if (r.error.kind === 'auth') console.log(r.error.message);",
      "  else if (r.error.kind === 'http' && r.error.documented && r.error.status === 409) console.log(r.error.body.errorCode);",
      '}',
      'export { run };',
    ]),
  ).toEqual([]);
}, 60_000);

/** An Atlas-style endpoint that challenges as configured and checks each answer with Node's crypto. */
function standIn(config: { algorithm: string; qop: string; staleAfter?: number }): VendorServer {
  const issued = new Map<string, number>();
  const json = (status: number, value: unknown, extra: Record<string, string> = {}): Reply => ({ status, headers: { 'content-type': 'application/json', ...extra }, body: JSON.stringify(value) });
  const challenge = (stale: boolean): Reply => {
    const nonce = randomBytes(12).toString('base64');
    issued.set(nonce, 0);
    const header = `Digest realm="MMS Public API", domain="", nonce="${nonce}", algorithm=${config.algorithm}, qop="${config.qop}", opaque="op-1"${stale ? ', stale=true' : ''}`;
    return json(401, { detail: 'You are not authorized for this resource.', error: 401, errorCode: 'UNAUTHORIZED', reason: 'Unauthorized' }, { 'www-authenticate': header });
  };
  return new VendorServer((req: Recorded, v) => {
    const a = req.headers.authorization;
    if (a === undefined) return challenge(false);
    const p = digestParams(a);
    if (p === undefined) return v.violate(`not a Digest answer: ${a}`), challenge(false);
    const nonce = p.get('nonce')!;
    const used = issued.get(nonce);
    if (used === undefined) return v.violate('an unknown nonce'), challenge(false);
    if (config.staleAfter !== undefined && used >= config.staleAfter) return challenge(true);
    issued.set(nonce, used + 1);
    const alg = config.algorithm.replace(/-sess$/i, '').toUpperCase() === 'SHA-256' ? 'sha256' : 'md5';
    const sess = /-sess$/i.test(config.algorithm);
    const nc = p.get('nc')!;
    const cnonce = p.get('cnonce')!;
    if (p.get('uri') !== req.url) v.violate(`uri ${p.get('uri')} is not the request target ${req.url}`);
    if (p.get('algorithm') !== config.algorithm) v.violate(`algorithm ${p.get('algorithm')} is not the challenge's ${config.algorithm}`);
    if (p.get('opaque') !== 'op-1') v.violate('opaque not echoed');
    if (nc !== (used + 1).toString(16).padStart(8, '0')) v.violate(`nc ${nc} after ${used} uses of the nonce`);
    let ha1 = h(alg, `${p.get('username')}:MMS Public API:${PASSWORD}`);
    if (sess) ha1 = h(alg, `${ha1}:${nonce}:${cnonce}`);
    const want = h(alg, `${ha1}:${nonce}:${nc}:${cnonce}:auth:${h(alg, `${req.method}:${req.url}`)}`);
    if (p.get('username') !== USER || p.get('response') !== want) return json(401, { detail: 'bad credentials', error: 401, errorCode: 'UNAUTHORIZED', reason: 'Unauthorized' });
    const body = JSON.parse(req.body) as { name: string; orgId: string };
    return json(200, { id: '6a1b2c3d4e5f60718293a4b5', name: body.name, orgId: body.orgId, created: '2026-12-03T10:00:00Z', clusterCount: 0 });
  });
}

async function withStandIn(config: Parameters<typeof standIn>[0], fn: (s: VendorServer, client: any) => Promise<void>, password = PASSWORD): Promise<void> {
  const s = await standIn(config).start();
  try {
    await fn(s, mod.createClient({ baseUrl: `${s.origin}/api/atlas/v1.0`, auth: { username: USER, password } }));
  } finally {
    await s.close();
  }
}

describe('against a strict stand-in', () => {
  it.each(['SHA-256', 'MD5', 'MD5-sess', 'SHA-256-sess'])('answers a %s challenge, then reuses the nonce with a growing count', async (algorithm) => {
    await withStandIn({ algorithm, qop: 'auth' }, async (s, client) => {
      const r1 = await client.createProject({ body: { name: 'one', orgId: ORG } });
      expect(r1.ok, JSON.stringify(r1.error)).toBe(true);
      expect(r1.data.name).toBe('one');
      expect(s.requests.map((q) => q.headers.authorization === undefined)).toEqual([true, false]);
      const r2 = await client.createProject({ body: { name: 'two', orgId: ORG } });
      expect(r2.ok).toBe(true);
      expect(s.requests).toHaveLength(3);
      expect(digestParams(s.requests[2]!.headers.authorization!)!.get('nc')).toBe('00000002');
      expect(s.violations).toEqual([]);
    });
  });

  it('a stale nonce is answered again with the new one, once', async () => {
    await withStandIn({ algorithm: 'SHA-256', qop: 'auth', staleAfter: 1 }, async (s, client) => {
      expect((await client.createProject({ body: { name: 'one', orgId: ORG } })).ok).toBe(true);
      const r = await client.createProject({ body: { name: 'two', orgId: ORG } });
      expect(r.ok, JSON.stringify(r.error)).toBe(true);
      // challenge, answer; stale answer, answer with the new nonce
      expect(s.requests).toHaveLength(4);
      expect(s.violations).toEqual([]);
    });
  });

  it('a wrong password is the 401 in the vendor\'s shape, after one answer', async () => {
    await withStandIn({ algorithm: 'SHA-256', qop: 'auth' }, async (s, client) => {
      const r = await client.createProject({ body: { name: 'one', orgId: ORG } });
      expect(r.ok).toBe(false);
      expect([r.error.kind, r.error.status, r.error.code]).toEqual(['http', 401, 'UNAUTHORIZED']);
      expect(s.requests).toHaveLength(2);
      expect(JSON.stringify(r)).not.toContain('wrong-password');
    }, 'wrong-password');
  });

  it.each([
    ['an algorithm it does not know', { algorithm: 'SHA-512-256', qop: 'auth' }, /algorithm SHA-512-256/],
    ['only qop auth-int', { algorithm: 'SHA-256', qop: 'auth-int' }, /qop auth-int/],
  ])('a challenge with %s is an auth failure, never a guess', async (_n, config, message) => {
    await withStandIn(config, async (s, client) => {
      const r = await client.createProject({ body: { name: 'one', orgId: ORG } });
      expect(r.ok).toBe(false);
      expect(r.error.kind).toBe('auth');
      expect(r.error.message).toMatch(message);
      expect(s.requests).toHaveLength(1);
    });
  });
});

/** The mock half called on its own: a scheme context with one user (u / p) and its own store, a bare request. */
function mockHalf() {
  const store = new Map<string, unknown>();
  const ctx = { challenge: false, basicCredentials: () => undefined, userOk: () => false, users: new Map([['u', 'p']]), keys: () => new Map(), tokens: new Map(), sessions: new Map(), store: () => store, clientOk: () => false, issueToken: () => ({ token: 't', expiresIn: 1 }) };
  const bare = { method: 'POST', target: '/groups', headers: {}, query: new URLSearchParams(), cookies: new Map() };
  const scheme = { type: 'digest', check: checkDigest };
  return { store, ctx, bare, scheme };
}

describe('the mock half on its own', () => {
  it('remembers the last 10,000 nonces it issued: an answer to an older one gets a stale challenge', () => {
    const { store, ctx, bare, scheme } = mockHalf();
    const nonceOf = (v: any): string => digestParams(v.headers['www-authenticate'])!.get('nonce')!;
    const first = nonceOf(checkDigest(scheme, 'd', bare, ctx));
    for (let i = 0; i < 10_004; i++) checkDigest(scheme, 'd', bare, ctx);
    expect(store.size).toBe(10_000);
    expect(store.has(first)).toBe(false);
    const answer = `Digest username="u", realm="mock", nonce="${first}", uri="/groups", algorithm=MD5, response="x", qop=auth, nc=00000001, cnonce="c"`;
    const v: any = checkDigest(scheme, 'd', { ...bare, headers: { authorization: answer } }, ctx);
    expect(v.deny).toBe('invalid');
    expect(v.headers['www-authenticate']).toContain('stale=true');
  });
});

describe('the mock half: replayed answers', () => {
  const { ctx, bare, scheme } = mockHalf();
  const fresh = (): string => digestParams((checkDigest(scheme, 'd', bare, ctx) as any).headers['www-authenticate'])!.get('nonce')!;
  const answer = async (nonce: string, nc: string, qop = true): Promise<string> => {
    const response = await digestResponse(async (t) => h('md5', t), { username: 'u', password: 'p', realm: 'mock', nonce, method: 'POST', uri: '/groups', qop: qop ? 'auth' : undefined, nc, cnonce: 'c', sess: false });
    return `Digest username="u", realm="mock", nonce="${nonce}", uri="/groups", algorithm=MD5, response="${response}"${qop ? `, qop=auth, nc=${nc}, cnonce="c"` : ''}`;
  };
  const check = async (nonce: string, nc: string, qop = true): Promise<string> => {
    const v: any = checkDigest(scheme, 'd', { ...bare, headers: { authorization: await answer(nonce, nc, qop) } }, ctx);
    return v === undefined ? 'ok' : `${v.deny}: ${v.detail}`;
  };
  const nc = (n: number): string => n.toString(16).padStart(8, '0');

  it('the same nonce count twice is refused; counts may come out of order within the window', async () => {
    const nonce = fresh();
    expect(await check(nonce, nc(1))).toBe('ok');
    expect(await check(nonce, nc(1))).toBe('invalid: the HTTP Digest nonce count 00000001 was used before with this nonce (a replayed request)');
    expect(await check(nonce, nc(3))).toBe('ok');
    expect(await check(nonce, nc(2))).toBe('ok');
    expect(await check(nonce, nc(2))).toMatch(/^invalid: .*replayed/);
    expect(await check(nonce, nc(3))).toMatch(/^invalid: .*replayed/);
    // Another nonce counts on its own.
    expect(await check(fresh(), nc(1))).toBe('ok');
  });

  it('a count too far below the highest, a count of 0 or one not in 8 hex digits is refused', async () => {
    const nonce = fresh();
    expect(await check(nonce, nc(2000))).toBe('ok');
    expect(await check(nonce, nc(2000 - 1023))).toBe('ok');
    expect(await check(nonce, nc(2000 - 1024))).toMatch(/^invalid: .*replayed/);
    // A jump past the whole window forgets the counts before it.
    expect(await check(nonce, nc(5000))).toBe('ok');
    expect(await check(nonce, nc(4999))).toBe('ok');
    expect(await check(nonce, nc(2000))).toMatch(/^invalid: .*replayed/);
    expect(await check(fresh(), nc(0))).toBe('invalid: the HTTP Digest nonce count "00000000" is not 8 hex digits above 0');
    expect(await check(fresh(), '1')).toBe('invalid: the HTTP Digest nonce count "1" is not 8 hex digits above 0');
  });

  it('without qop (RFC 2069 answers) there is no count to check', async () => {
    const nonce = fresh();
    expect(await check(nonce, '', false)).toBe('ok');
    expect(await check(nonce, '', false)).toBe('ok');
  });
});

describe('against the generated mock', () => {
  it('challenges, accepts the answer, and the nonce serves later calls', async () => {
    const mock = await mockMod.startMockServer();
    try {
      const seen: (string | number)[] = [];
      const client = mod.createClient({ baseUrl: mock.url, auth: mockMod.mockInfo.clientAuth, onRequest: (i: any) => seen.push(i.headers.authorization === undefined ? 'bare' : 'answer'), onResponse: (i: any) => seen.push(i.status) });
      const r1 = await client.createProject({ body: { name: 'one', orgId: ORG } });
      expect(r1.ok, JSON.stringify(r1.error)).toBe(true);
      expect(r1.data).toMatchObject({ name: 'one', orgId: ORG, clusterCount: 0 });
      const r2 = await client.createProject({ body: { name: 'one', orgId: ORG } });
      expect([r2.ok, r2.error?.status, r2.error?.code]).toEqual([false, 409, 'GROUP_ALREADY_EXISTS']);
      expect(seen).toEqual(['bare', 401, 'answer', 200, 'answer', 409]);
    } finally {
      await mock.close();
    }
  });

  it('refuses a wrong password, an answer for another path, and a nonce it never issued', async () => {
    const mock = await mockMod.startMockServer();
    try {
      const wrong = mod.createClient({ baseUrl: mock.url, auth: { ...mockMod.mockInfo.clientAuth, password: 'nope' } });
      const r = await wrong.createProject({ body: { name: 'one', orgId: ORG } });
      expect([r.ok, r.error.status, r.error.code]).toEqual([false, 401, 'UNAUTHORIZED']);
      // A valid answer for another request target is refused.
      const body = JSON.stringify({ name: 'two', orgId: ORG });
      const first = await fetch(`${mock.url}/groups`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      expect(first.status).toBe(401);
      const p = digestParams(first.headers.get('www-authenticate') ?? '')!;
      expect(p.get('algorithm')).toBe('MD5');
      const { username, password } = mockMod.mockInfo.clientAuth as { username: string; password: string };
      const answer = async (uri: string, nonce: string): Promise<string> => {
        const response = await digestResponse(async (t) => h('md5', t), { username, password, realm: 'mock', nonce, method: 'POST', uri, qop: 'auth', nc: '00000001', cnonce: 'c', sess: false });
        return `Digest username="${username}", realm="mock", nonce="${nonce}", uri="${uri}", algorithm=MD5, response="${response}", qop=auth, nc=00000001, cnonce="c"`;
      };
      const post = (authorization: string): Promise<Response> => fetch(`${mock.url}/groups`, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body });
      expect((await post(await answer('/other', p.get('nonce')!))).status).toBe(401);
      const unknown = await post(await answer('/groups', 'never-issued'));
      expect(unknown.status).toBe(401);
      expect(unknown.headers.get('www-authenticate')).toContain('stale=true');
      expect((await post(await answer('/groups', p.get('nonce')!))).status).toBe(200);
    } finally {
      await mock.close();
    }
  });
});
