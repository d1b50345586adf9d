/**
 * Wire kind: a session logon (`x-session-logon` on the logon operation, Tier 3). The operation's body members
 * are the credentials; its reply sets a cookie that the apiKey cookie scheme of the same name carries on every
 * later call; a reply whose status field equals `reauthStatus` means "log on again". Runtime halves:
 * templates/runtime/client.js (`ClientCore`: logs on first, re-logs on once; the logon is an operation, so it
 * stays with the call machinery), templates/runtime/auth/session.js (`checkSession`: the cookie against live
 * sessions) and templates/runtime/mock.js (the logon operation, `op.logon`).
 */
import { pascalCase } from '../emit/names.ts';
import type { IRMockOperation, IRSecurityScheme, IRSessionLogon } from '../ir/types.ts';
import { isObj, type AuthField, type DocRow, type WireReader } from './kind.ts';

export const doc: DocRow = {
  kind: 'session logon',
  spec: '`x-session-logon: { cookie, successField, statusField, reauthStatus }` on the logon operation, an apiKey cookie scheme of that name',
  client: 'the logon body members from `auth` (camelCased); logs on first and again on `reauthStatus`',
  mock: 'the logon pair (`x-mock.credentials`) against the accepted users; the cookie against live sessions',
};

/** The mock half of the cookie scheme a logon issues. */
export const runtime = { mock: { module: 'auth/session.js', name: 'checkSession' } };

export function read(raw: unknown, pointer: string, r: WireReader): IRSessionLogon | undefined {
  if (
    !isObj(raw) ||
    typeof raw.cookie !== 'string' ||
    raw.cookie === '' ||
    typeof raw.successField !== 'string' ||
    typeof raw.statusField !== 'string' ||
    (typeof raw.reauthStatus !== 'number' && typeof raw.reauthStatus !== 'string')
  ) {
    r.error(pointer, 'x-session-logon must be { cookie, successField, statusField, reauthStatus }');
    return undefined;
  }
  for (const k of Object.keys(raw)) if (!['cookie', 'successField', 'statusField', 'reauthStatus'].includes(k)) r.error(r.at(pointer, k), `unknown member "${k}" of x-session-logon`);
  return { cookie: raw.cookie, successField: raw.successField, statusField: raw.statusField, reauthStatus: raw.reauthStatus, source: r.loc(pointer) };
}

/** `APIKey` -> `apiKey`, `Password` -> `password`: the credential option for a logon body member. */
export function optionName(member: string): string {
  const p = pascalCase(member).replace(/^_/, '');
  const lowered = p.replace(/^[A-Z]+(?=[A-Z][a-z]|[0-9]|$)/, (m) => m.toLowerCase());
  return lowered.length > 0 ? lowered[0]!.toLowerCase() + lowered.slice(1) : '_';
}

/** Option names that are not secret (a user name, not a password or key). */
export const USER_FIELD = /^(user(name)?|login|account(name)?|client(id)?)$/i;

/** Client part: the logon body, [member, auth option], and the options it asks for. */
export function clientLogonBody(members: string[], operationId: string): { body: [string, string][]; fields: AuthField[] } {
  const body: [string, string][] = [];
  const fields: AuthField[] = [];
  for (const m of members) {
    const field = optionName(m);
    fields.push({ field, secret: !USER_FIELD.test(field), doc: `Sent by \`${operationId}\` as \`${m}\`.` });
    body.push([m, field]);
  }
  return { body, fields };
}

/** Mock part of the cookie scheme the logon issues. */
export function mockScheme(s: IRSecurityScheme, logon: IRSessionLogon, operationId: string): { def: { type: string; cookie: string; code: string | number }; doc: string } {
  return {
    def: { type: 'session', cookie: logon.cookie, code: logon.reauthStatus },
    doc: `Scheme ${s.key}: the cookie \`${logon.cookie}\` set by ${operationId}; without a live session the reply carries code ${JSON.stringify(logon.reauthStatus)}.`,
  };
}

/** Mock part of the logon operation, and the client options the mock accepts by default. */
export function mockLogon(logon: IRSessionLogon, mock: IRMockOperation | undefined, users: Record<string, string>): { def: { cookie: string; username: string; password: string; code: string | number }; doc: string; clientAuth: Record<string, string> } | undefined {
  const cr = mock?.credentials;
  if (!cr) return undefined;
  const [user, password] = Object.entries(users)[0] ?? ['', ''];
  return {
    def: { cookie: logon.cookie, username: cr.username, password: cr.password, code: logon.reauthStatus },
    doc: `checks \`${cr.username}\` / \`${cr.password}\` against the accepted users and sets the cookie \`${logon.cookie}\`.`,
    clientAuth: { [optionName(cr.username)]: user, [optionName(cr.password)]: password },
  };
}
