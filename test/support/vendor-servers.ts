/**
 * Strict stand-ins for the five vendors, over real HTTP on 127.0.0.1, for the client tests. Each checks what
 * the vendor would check (method, path, auth, content type, body shape, XML element order, SOAP envelope and
 * action) and answers the way the vendor document says it answers, errors included. Anything a real vendor
 * would refuse is also written to `violations`, so a test can assert that a successful call sent exactly what
 * the vendor expects. `next()` queues a scripted reply (or a hang, or a dropped connection) for the next request.
 *
 * Hand-written on purpose: they share no code with the generator or its runtime (XML is read with
 * fast-xml-parser, JSON integers are checked on the raw text).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface Recorded {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  /** The body as UTF-8 text, and as it arrived (multipart file parts are bytes). */
  body: string;
  raw: Buffer;
}

export interface Reply {
  status: number;
  headers?: Record<string, string | string[]>;
  body?: string;
}

/**
 * A scripted answer: a reply, a request that is never answered, a connection dropped without a reply, or `pass`
 * (the stand-in answers as usual; to script a later request of a sequence).
 */
export type Scripted = Reply | 'hang' | 'drop' | 'pass';

export class VendorServer {
  readonly requests: Recorded[] = [];
  readonly violations: string[] = [];
  private readonly queue: Scripted[] = [];
  private server!: http.Server;
  origin = '';

  constructor(private readonly handle: (req: Recorded, v: VendorServer) => Reply) {}

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        const rec: Recorded = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: raw.toString('utf8'), raw };
        this.requests.push(rec);
        const scripted = this.queue.shift();
        if (scripted === 'hang') return;
        if (scripted === 'drop') {
          req.socket.destroy();
          return;
        }
        let reply: Reply;
        try {
          reply = scripted === undefined || scripted === 'pass' ? this.handle(rec, this) : scripted;
        } catch (e) {
          reply = { status: 500, headers: { 'content-type': 'text/plain' }, body: `test server bug: ${String(e)}` };
        }
        res.writeHead(reply.status, reply.headers ?? {});
        res.end(reply.body ?? '');
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  next(s: Scripted): void {
    this.queue.push(s);
  }

  /** Records a rule the request broke; returns false so checks read `ok = ok && v.check(...)`. */
  violate(what: string): false {
    this.violations.push(what);
    return false;
  }

  reset(): void {
    this.requests.length = 0;
    this.violations.length = 0;
    this.queue.length = 0;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A port nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

// ---- shared checks -----------------------------------------------------------------------------------------

function mediaType(h: http.IncomingHttpHeaders): string {
  return (h['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

function basicCredentials(h: http.IncomingHttpHeaders): [string, string] | undefined {
  const a = h.authorization;
  if (a === undefined || !a.startsWith('Basic ')) return undefined;
  const text = Buffer.from(a.slice(6), 'base64').toString('utf8');
  const i = text.indexOf(':');
  return i < 0 ? undefined : [text.slice(0, i), text.slice(i + 1)];
}

function json(status: number, body: unknown, extra: Record<string, string | string[]> = {}): Reply {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...extra }, body: JSON.stringify(body) };
}

function xml(status: number, body: string, type = 'application/xml', extra: Record<string, string | string[]> = {}): Reply {
  return { status, headers: { 'content-type': `${type}; charset=utf-8`, ...extra }, body: `<?xml version="1.0" encoding="utf-8"?>${body}` };
}

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(text) as unknown;
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The raw digits of a top-level JSON member (to see integers JSON.parse would round). */
function rawNumber(text: string, key: string): string | undefined {
  const m = new RegExp(`"${key}"\\s*:\\s*(-?\\d+)`).exec(text);
  return m?.[1];
}

// ---- XML -------------------------------------------------------------------------------------------------

export interface XNode {
  name: string;
  local: string;
  ns: string;
  attrs: Record<string, string>;
  children: XNode[];
  text: string;
}

const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false, parseAttributeValue: false, trimValues: false, processEntities: true });

type RawNode = Record<string, unknown> & { ':@'?: Record<string, string> };

/** Parses well-formed XML into elements with resolved namespaces; undefined when it is not well formed. */
export function parseXmlTree(text: string): XNode | undefined {
  if (XMLValidator.validate(text) !== true) return undefined;
  const raw = parser.parse(text) as RawNode[];
  const root = raw.find((n) => !Object.keys(n).some((k) => k.startsWith('?')));
  return root ? toNode(root, new Map([['xml', 'http://www.w3.org/XML/1998/namespace']])) : undefined;
}

function toNode(raw: RawNode, scope: Map<string, string>): XNode {
  const name = Object.keys(raw).find((k) => k !== ':@')!;
  const attrs: Record<string, string> = {};
  const inner = new Map(scope);
  for (const [k, v] of Object.entries(raw[':@'] ?? {})) {
    if (k === 'xmlns') inner.set('', v);
    else if (k.startsWith('xmlns:')) inner.set(k.slice(6), v);
    else attrs[k] = v;
  }
  const colon = name.indexOf(':');
  const prefix = colon < 0 ? '' : name.slice(0, colon);
  const node: XNode = { name, local: colon < 0 ? name : name.slice(colon + 1), ns: inner.get(prefix) ?? '', attrs, children: [], text: '' };
  for (const c of raw[name] as RawNode[]) {
    if ('#text' in c) node.text += String(c['#text']);
    else node.children.push(toNode(c, inner));
  }
  return node;
}

function child(n: XNode, local: string): XNode | undefined {
  return n.children.find((c) => c.local === local);
}

/** Children must appear in `order` (a sequence): no unknown names, no member out of place. */
function checkSequence(v: VendorServer, n: XNode, order: string[], where: string): boolean {
  let ok = true;
  let last = -1;
  for (const c of n.children) {
    const i = order.indexOf(c.local);
    if (i < 0) ok = v.violate(`${where}: unknown element <${c.local}>`);
    else if (i < last) ok = v.violate(`${where}: <${c.local}> is out of order`);
    else last = i;
  }
  return ok;
}

function checkRequired(v: VendorServer, n: XNode, names: string[], where: string): string | undefined {
  for (const name of names) if (!child(n, name)) {
    v.violate(`${where}: <${name}> is missing`);
    return name;
  }
  return undefined;
}

// ---- Jasper ----------------------------------------------------------------------------------------------

export interface Credentials {
  username: string;
  password: string;
}

export function jasperServer(creds: Credentials): VendorServer {
  const customers = new Set<string>();
  let nextId = 1234;
  const err = (status: number, code: string, message: string): Reply => json(status, { errorCode: code, errorMessage: message });
  return new VendorServer((req, v) => {
    if (req.method !== 'POST') return { status: 405 };
    const m = /^\/rws\/api\/v([^/]+)\/customers$/.exec(req.url);
    if (!m) return { status: 404 };
    const c = basicCredentials(req.headers);
    if (!c || c[0] !== creds.username || c[1] !== creds.password) {
      v.violate('jasper: bad Basic credentials');
      return { status: 401 };
    }
    if (m[1] !== '1') return err(400, '10000024', 'Invalid apiVersion.');
    if (mediaType(req.headers) !== 'application/json') {
      v.violate(`jasper: content type ${req.headers['content-type']}`);
      return err(400, '10000580', 'Customer details required.');
    }
    const b = parseJsonObject(req.body);
    if (!b) return err(400, '10000580', 'Customer details required.');
    const known = ['name', 'accountName', 'securityQuestion', 'securityAnswer', 'shipToBillAddress', 'contacts', 'billingAddress', 'shippingAddress'];
    for (const k of Object.keys(b)) if (!known.includes(k)) {
      v.violate(`jasper: unknown member ${k}`);
      return err(400, '10000580', 'Customer details required.');
    }
    if (typeof b.name !== 'string') return err(400, '10000581', 'Customer name is required.');
    if (b.name.length < 1 || b.name.length > 60) return err(400, '10000582', 'Invalid customer name. Number of characters allowed 1 - 60.');
    if (typeof b.accountName !== 'string') return err(400, '10000583', 'Account Id is required.');
    if (b.accountName !== 'Acme') return err(404, '20000003', 'Resource not found - Invalid accountId.');
    const key = `${b.accountName}\u0000${b.name}`;
    if (customers.has(key)) return err(400, '10000602', 'Duplicate customer name.');
    customers.add(key);
    const id = nextId++;
    // "BigTime" asks for a creation time beyond 2^53 (int64), written as raw digits.
    if (b.name === 'BigTime') return { status: 200, headers: { 'content-type': 'application/json' }, body: `{"customerId":${id},"timestamp":9223372036854775807}` };
    return json(200, { customerId: id, timestamp: 1527590173 });
  });
}

// ---- Portfolio Manager -----------------------------------------------------------------------------------

export function portfolioManagerServer(creds: Credentials, basePath: string): VendorServer {
  const usernames = new Set<string>();
  let nextId = 23421;
  const error = (number: string, description: string, status = 400): Reply =>
    xml(status, `<response status="Error"><errors><error errorNumber="${escapeXml(number)}" errorDescription="${escapeXml(description)}"/></errors></response>`);
  return new VendorServer((req, v) => {
    if (req.method !== 'POST' || req.url !== `${basePath}/customer`) {
      v.violate(`pm: ${req.method} ${req.url}`);
      return { status: 404 };
    }
    const c = basicCredentials(req.headers);
    if (!c || c[0] !== creds.username || c[1] !== creds.password) {
      v.violate('pm: bad Basic credentials');
      // The live service answers a 401 in its error shape, with -100 (the spec declares 401 without a body).
      return error('-100', 'Authentication failed: the user name or password is not valid.', 401);
    }
    if (mediaType(req.headers) !== 'application/xml') {
      v.violate(`pm: content type ${req.headers['content-type']}`);
      return { status: 415 };
    }
    const doc = parseXmlTree(req.body);
    if (!doc || doc.local !== 'account' || doc.ns !== '') {
      v.violate('pm: not an <account> document');
      return error('-100', 'The XML did not validate: the root element must be <account>.');
    }
    // xs:all: any order, each at most once, the mandatory ones present.
    const all = ['id', 'username', 'password', 'contact', 'organization', 'webserviceUser', 'searchable', 'includeTestPropertiesInGraphics', 'emailPreferenceCanadianAccount', 'billboardMetric', 'languagePreference'];
    for (const ch of doc.children) if (!all.includes(ch.local)) return v.violate(`pm: unknown <${ch.local}>`) || error('-100', `Unexpected element ${ch.local}.`);
    const missing = checkRequired(v, doc, ['username', 'password', 'contact', 'organization', 'webserviceUser', 'searchable'], 'pm account');
    if (missing) return error('-100', `Element ${missing} is required.`);
    for (const b of ['webserviceUser', 'searchable']) if (!['true', 'false'].includes(child(doc, b)!.text)) return v.violate(`pm: ${b} not a boolean`) || error('-100', `${b} must be a boolean.`);
    const contact = child(doc, 'contact')!;
    if (checkRequired(v, contact, ['firstName', 'lastName', 'email', 'address', 'jobTitle', 'phone'], 'pm contact')) return error('-100', 'The contact is incomplete.');
    const address = child(contact, 'address')!;
    if (address.children.length > 0 || !address.attrs.address1 || !address.attrs.city || !address.attrs.country) return v.violate('pm: address must be attributes') || error('-100', 'The address is incomplete.');
    const org = child(doc, 'organization')!;
    if (!org.attrs.name || !child(org, 'primaryBusiness') || !child(org, 'energyStarPartner')) return v.violate('pm: organization incomplete') || error('-100', 'The organization is incomplete.');
    const username = child(doc, 'username')!.text;
    if (usernames.has(username)) return error('-200', 'That username is already taken; choose another one.');
    usernames.add(username);
    const id = nextId++;
    return xml(201, `<response status="Ok"><id>${id}</id><links><link httpMethod="GET" link="/customer/${id}" linkDescription="This is the GET url for this Customer."/></links></response>`);
  });
}

// ---- Avvio -----------------------------------------------------------------------------------------------

export function avvioServer(creds: Credentials, endpoint: string): VendorServer {
  let nextId = 8796093023822;
  return new VendorServer((req, v) => {
    if (req.method !== 'POST' || req.url !== endpoint) {
      v.violate(`avvio: ${req.method} ${req.url}`);
      return json(404, { status: 'error', message: 'Not found.' });
    }
    if (req.headers.authorization !== undefined) v.violate('avvio: credentials belong in the body, not in Authorization');
    if (mediaType(req.headers) !== 'application/json') return v.violate('avvio: content type') || json(400, { status: 'error', message: 'JSON expected.' });
    const b = parseJsonObject(req.body);
    if (!b) return json(400, { status: 'error', message: 'JSON expected.' });
    for (const k of Object.keys(b)) if (!['userAuth', 'operation', 'siteID', 'accountInformation'].includes(k)) v.violate(`avvio: unknown member ${k}`);
    const ua = b.userAuth as Record<string, unknown> | undefined;
    if (!ua || Object.keys(ua).sort().join() !== 'password,username') v.violate('avvio: userAuth must be { username, password }');
    // Failures come back as HTTP 200 with status "error" and the platform's code (x-vendor-status in the spec).
    if (!ua || ua.username !== creds.username || ua.password !== creds.password) return json(200, { status: 'error', errorCode: 'AUTH', message: 'Authentication failed' });
    if (b.operation !== 'createAccount') return v.violate('avvio: operation') || json(400, { status: 'error', message: 'Unknown operation.' });
    if (rawNumber(req.body, 'siteID') === undefined) return v.violate('avvio: siteID must be an integer') || json(400, { status: 'error', message: 'siteID required.' });
    const ai = b.accountInformation as Record<string, unknown> | undefined;
    if (!ai || typeof ai.nameFirst !== 'string' || typeof ai.nameLast !== 'string' || typeof ai.password !== 'string') {
      return v.violate('avvio: accountInformation incomplete') || json(400, { status: 'error', message: 'accountInformation incomplete.' });
    }
    // "Big" asks for an accountID beyond 2^53, written as raw digits.
    if (ai.nameFirst === 'Big') return { status: 200, headers: { 'content-type': 'application/json' }, body: '{"status":"ok","accountID":9223372036854775807}' };
    return json(200, { status: 'ok', accountID: nextId++ });
  });
}

// ---- QuickHelp -------------------------------------------------------------------------------------------

export interface QuickHelpKeys {
  apiKey: string;
  subscriptionKey: string;
  /** A valid key of an account below Partner: 403. */
  customerKey: string;
}

const QH_CREATE = ['companyName', 'eula', 'templateId', 'accountType', 'contractStatus', 'routeURL', 'domains', 'primaryContact', 'expirationDate', 'licenses', 'timeZone', 'supportInfo', 'partnerId', 'ae', 'csm', 'suppressUserCreation', 'isEulaAccepted', 'sandBoxModeOn', 'skUs'];
const QH_INT = ['eula', 'templateId', 'accountType', 'contractStatus', 'licenses', 'timeZone', 'partnerId', 'ae', 'csm'];
const QH_BOOL = ['suppressUserCreation', 'isEulaAccepted', 'sandBoxModeOn'];

export function quickHelpServer(keys: QuickHelpKeys): VendorServer {
  let nextId = 1;
  return new VendorServer((req, v) => {
    if (req.method !== 'POST' || req.url !== '/v1/Account/Create') return v.violate(`quickhelp: ${req.method} ${req.url}`) || { status: 404 };
    if (req.headers['ocp-apim-subscription-key'] !== keys.subscriptionKey) {
      return json(401, { statusCode: 401, message: 'Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.' });
    }
    if (req.headers.authorization === keys.customerKey) return { status: 403 };
    if (req.headers.authorization !== keys.apiKey) return v.violate('quickhelp: Authorization must be the raw API key') || { status: 401 };
    const type = mediaType(req.headers);
    const accept = (req.headers.accept ?? '').toLowerCase();
    const replyXml = accept.includes('xml');
    let body: Record<string, unknown>;
    if (type === 'application/json' || type === 'text/json') {
      if (replyXml) v.violate('quickhelp: JSON sent but XML asked for');
      const b = parseJsonObject(req.body);
      if (!b) return json(400, {});
      body = b;
    } else if (type === 'application/xml' || type === 'text/xml') {
      if (!replyXml) v.violate('quickhelp: XML sent but JSON asked for');
      const doc = parseXmlTree(req.body);
      if (!doc || doc.local !== 'AccountCreationDto') return v.violate('quickhelp: root must be <AccountCreationDto>') || xml(400, '<AccountCreatePost400ApplicationXmlResponse />');
      if (!checkSequence(v, doc, QH_CREATE, 'quickhelp AccountCreationDto')) return xml(400, '<AccountCreatePost400ApplicationXmlResponse />');
      body = {};
      for (const c of doc.children) {
        if (c.local === 'domains') ((body.domains ??= []) as string[]).push(c.text);
        else if (c.local === 'primaryContact' || c.local === 'supportInfo') body[c.local] = Object.fromEntries(c.children.map((x) => [x.local, x.text]));
        else if (c.local === 'skUs') ((body.skUs ??= []) as unknown[]).push(Object.fromEntries(c.children.map((x) => [x.local, Number(x.text)])));
        else if (QH_INT.includes(c.local)) body[c.local] = /^-?\d+$/.test(c.text) ? Number(c.text) : v.violate(`quickhelp: <${c.local}> is not an integer`);
        else if (QH_BOOL.includes(c.local)) body[c.local] = c.text === 'true' ? true : c.text === 'false' ? false : v.violate(`quickhelp: <${c.local}> is not a boolean`);
        else body[c.local] = c.text;
      }
    } else return v.violate(`quickhelp: content type ${type}`) || { status: 415 };
    for (const k of Object.keys(body)) if (!QH_CREATE.includes(k)) v.violate(`quickhelp: unknown member ${k}`);
    if (typeof body.companyName !== 'string' || body.companyName === '') {
      if (replyXml) return xml(400, '<AccountCreatePost400ApplicationXmlResponse />');
      return json(400, { companyName: { value: null, errors: [{ exception: null, errorMessage: 'The CompanyName field is required.' }] } });
    }
    const out: Record<string, unknown> = { customerId: nextId++, companyName: body.companyName };
    if (body.accountType !== undefined) out.accountType = body.accountType;
    if (body.domains !== undefined) out.domains = body.domains;
    if (body.contractStatus !== undefined) out.contractStatus = body.contractStatus;
    out.isActive = true;
    out.launchCustomer = false;
    if (!replyXml) return json(200, out);
    const order = ['customerId', 'companyName', 'eula', 'isEulaAccepted', 'accountType', 'routeURL', 'domains', 'primaryContact', 'expirationDate', 'licenses', 'timeZone', 'supportInfo', 'ae', 'csm', 'contractStatus', 'isActive', 'launchCustomer'];
    let x = '<AccountUpdateDto>';
    for (const k of order) {
      const val = out[k];
      if (val === undefined) continue;
      for (const item of Array.isArray(val) ? val : [val]) x += `<${k}>${escapeXml(String(item))}</${k}>`;
    }
    return xml(200, `${x}</AccountUpdateDto>`);
  });
}

// ---- Tier 3 ----------------------------------------------------------------------------------------------

export interface Tier3Creds {
  apiKey: string;
  password: string;
}

const SOAP12 = 'http://www.w3.org/2003/05/soap-envelope';
const T3NS = 'http://www.tier3.com/';
const T3_ORDER = ['ParentAlias', 'AccountAlias', 'Location', 'BusinessName', 'Address1', 'Address2', 'City', 'StateProvince', 'PostalCode', 'Country', 'Telephone', 'Fax', 'TimeZone', 'ShareParentNetworks', 'BillingResponsibilityID'];
const T3_REQUIRED = ['ParentAlias', 'Location', 'BusinessName', 'Address1', 'City', 'StateProvince', 'PostalCode', 'Country', 'Telephone', 'ShareParentNetworks', 'BillingResponsibilityID'];

export interface Tier3Server extends VendorServer {
  logons: number;
  creates: number;
  /** Forget every session: the next call is answered with StatusCode 100. */
  expireSessions(): void;
  /** Answer every CreateAccount with StatusCode 100, logged on or not. */
  alwaysExpired: boolean;
}

export function tier3Server(creds: Tier3Creds): Tier3Server {
  const sessions = new Set<string>();
  const businesses = new Set<string>();
  let seed = 0;
  const server = new VendorServer((req, v) => handle(req, v)) as Tier3Server;
  server.logons = 0;
  server.creates = 0;
  server.alwaysExpired = false;
  server.expireSessions = () => sessions.clear();

  type Format = 'json' | 'xml' | 'soap';
  const result = (f: Format, root: string, outcome: { Success: boolean; Message: string; StatusCode: number }, details?: Record<string, unknown>, extra: Record<string, string | string[]> = {}): Reply => {
    if (f === 'json') return json(200, details ? { AccountDetails: details, ...outcome } : outcome, extra);
    const attrs = `Success="${outcome.Success}" Message="${escapeXml(outcome.Message)}" StatusCode="${outcome.StatusCode}"`;
    let inner = '';
    if (details) {
      const attrNames = ['AccountAlias', 'ParentAlias', 'Location', 'TimeZone', 'Status', 'ShareParentNetworks'];
      const a = attrNames.filter((k) => details[k] !== undefined).map((k) => `${k}="${escapeXml(String(details[k]))}"`).join(' ');
      let kids = '';
      for (const k of ['BusinessName', 'Address1', 'Address2', 'City', 'StateProvince', 'PostalCode', 'Country', 'Telephone', 'Fax']) {
        const val = details[k];
        if (val === undefined) continue;
        kids += val === null ? `<${k} />` : `<${k}>${escapeXml(String(val))}</${k}>`;
      }
      inner = `<AccountDetails ${a}>${kids}</AccountDetails>`;
    }
    if (f === 'xml') return xml(200, `<${root} ${attrs}>${inner}</${root}>`, 'application/xml', extra);
    return xml(200, `<soap:Envelope xmlns:soap="${SOAP12}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soap:Body><CreateAccountResponse xmlns="${T3NS}"><CreateAccountResult ${attrs}>${inner}</CreateAccountResult></CreateAccountResponse></soap:Body></soap:Envelope>`, 'application/soap+xml');
  };
  const denied = { Success: false, Message: 'Authentication Failed. You must logon to the API prior to calling this method.', StatusCode: 100 };

  function fields(f: Format, req: Recorded, v: VendorServer): Record<string, unknown> | string {
    if (f === 'json') {
      const b = parseJsonObject(req.body);
      if (!b) return 'not a JSON object';
      for (const k of Object.keys(b)) if (!T3_ORDER.includes(k)) return `unknown member ${k}`;
      for (const k of T3_REQUIRED) if (b[k] === undefined) return `${k} missing`;
      if (typeof b.ShareParentNetworks !== 'boolean') return 'ShareParentNetworks must be a JSON boolean';
      if (b.BillingResponsibilityID !== 1 && b.BillingResponsibilityID !== 2) return 'BillingResponsibilityID must be 1 or 2';
      return b;
    }
    const doc = parseXmlTree(req.body);
    if (!doc) return 'not well-formed XML';
    let request: XNode;
    if (f === 'soap') {
      if (doc.local !== 'Envelope' || doc.ns !== SOAP12) return 'not a SOAP 1.2 Envelope';
      const body = doc.children.find((c) => c.local === 'Body' && c.ns === SOAP12);
      const op = body?.children[0];
      if (!op || op.local !== 'CreateAccount' || op.ns !== T3NS) return 'Body must hold {http://www.tier3.com/}CreateAccount';
      const r = op.children[0];
      if (!r || r.local !== 'request' || r.ns !== T3NS || op.children.length !== 1) return 'CreateAccount must hold one {http://www.tier3.com/}request';
      for (const c of r.children) if (c.ns !== T3NS) return `<${c.local}> is not in the Tier 3 namespace`;
      request = r;
    } else {
      if (doc.local !== 'CreateAccountRequest' || doc.ns !== '') return 'root must be <CreateAccountRequest>';
      request = doc;
    }
    if (!checkSequence(v, request, T3_ORDER, `tier3 ${f}`)) return 'elements out of order';
    const out: Record<string, unknown> = {};
    for (const c of request.children) out[c.local] = c.text;
    for (const k of T3_REQUIRED) if (out[k] === undefined) return `${k} missing`;
    if (out.ShareParentNetworks !== 'true' && out.ShareParentNetworks !== 'false') return 'ShareParentNetworks must be true or false';
    out.ShareParentNetworks = out.ShareParentNetworks === 'true';
    if (out.BillingResponsibilityID !== '1' && out.BillingResponsibilityID !== '2') return 'BillingResponsibilityID must be 1 or 2';
    out.BillingResponsibilityID = Number(out.BillingResponsibilityID);
    for (const k of ['Address2', 'Fax']) if (out[k] === '') out[k] = null;
    return out;
  }

  function handle(req: Recorded, v: VendorServer): Reply {
    if (req.method !== 'POST') return v.violate(`tier3: ${req.method}`) || { status: 405 };
    const type = mediaType(req.headers);
    if (req.url === '/REST/Auth/Logon/') {
      server.logons++;
      const f: Format = type === 'application/json' ? 'json' : 'xml';
      let key: unknown;
      let pw: unknown;
      if (f === 'json') {
        const b = parseJsonObject(req.body);
        if (b && Object.keys(b).join() !== 'APIKey,Password') v.violate('tier3: logon body must be { APIKey, Password }');
        key = b?.APIKey;
        pw = b?.Password;
      } else {
        if (type !== 'application/xml') v.violate(`tier3: logon content type ${type}`);
        const doc = parseXmlTree(req.body);
        if (!doc || doc.local !== 'LogonRequest' || doc.children.map((c) => c.local).join() !== 'APIKey,Password') v.violate('tier3: <LogonRequest><APIKey/><Password/></LogonRequest> expected');
        key = doc && child(doc, 'APIKey')?.text;
        pw = doc && child(doc, 'Password')?.text;
      }
      if (key !== creds.apiKey || pw !== creds.password) {
        return result(f, 'LogonResponse', { Success: false, Message: 'Authentication Failed', StatusCode: 100 });
      }
      const s = `Seed=${(++seed).toString(16)}F00D${Math.random().toString(16).slice(2, 10)}`;
      sessions.add(s);
      return result(f, 'LogonResponse', { Success: true, Message: 'Login Successful', StatusCode: 0 }, undefined, {
        'set-cookie': ['Other.Cookie=unrelated; path=/', `Tier3.API.Cookie=${s}; expires=Fri, 01-Mar-2030 21:59:58 GMT; path=/; HttpOnly`],
      });
    }
    let f: Format;
    if (req.url === '/REST/Account/CreateAccount/JSON') f = 'json';
    else if (req.url === '/REST/Account/CreateAccount/XML') f = 'xml';
    else if (req.url === '/SOAP/Account.asmx') f = 'soap';
    else return v.violate(`tier3: ${req.url}`) || { status: 404 };
    server.creates++;
    const wantType = f === 'json' ? 'application/json' : f === 'xml' ? 'application/xml' : 'application/soap+xml';
    if (type !== wantType) v.violate(`tier3 ${f}: content type ${req.headers['content-type']}`);
    if (f === 'soap' && !/;\s*action="http:\/\/www\.tier3\.com\/CreateAccount"/.test(req.headers['content-type'] ?? '')) v.violate('tier3 soap: action parameter missing');
    const cookie = /(?:^|;\s*)Tier3\.API\.Cookie=([^;]*)/.exec(req.headers.cookie ?? '')?.[1];
    if (server.alwaysExpired || cookie === undefined || !sessions.has(cookie)) return result(f, 'AccountDetailsResponse', denied);
    const b = fields(f, req, v);
    if (typeof b === 'string') {
      v.violate(`tier3 ${f}: ${b}`);
      return result(f, 'AccountDetailsResponse', { Success: false, Message: 'Invalid Request Format. This value indicates that the XML or JSON requests do not match the expected format.', StatusCode: 3 });
    }
    if (businesses.has(String(b.BusinessName))) {
      return result(f, 'AccountDetailsResponse', { Success: false, Message: 'Duplicate Account.  You must provide a unique alias and business name when calling this method.', StatusCode: 1611 });
    }
    businesses.add(String(b.BusinessName));
    const details = {
      AccountAlias: typeof b.AccountAlias === 'string' && b.AccountAlias !== '' ? b.AccountAlias : 'GEN1',
      ParentAlias: b.ParentAlias,
      Location: b.Location,
      BusinessName: b.BusinessName,
      Address1: b.Address1,
      Address2: b.Address2 ?? null,
      City: b.City,
      StateProvince: b.StateProvince,
      PostalCode: b.PostalCode,
      Country: b.Country,
      Telephone: b.Telephone,
      Fax: b.Fax ?? null,
      TimeZone: b.TimeZone ?? 'Pacific Standard Time',
      Status: 1,
      ShareParentNetworks: b.ShareParentNetworks,
    };
    return result(f, 'AccountDetailsResponse', { Success: true, Message: 'Account successfully created.', StatusCode: 0 }, details);
  }

  return server;
}
