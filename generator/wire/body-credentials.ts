/**
 * Wire kind: credentials inside the request body (`x-body-credentials: { property, username, password }` on an
 * operation, Avvio). The client fills `body[property] = { [username]: auth.username, [password]: auth.password }`
 * (the caller's body type omits the property); the mock checks the pair against its accepted users. Runtime
 * halves: the client's body filler is generated (no runtime code); templates/runtime/mock.js (`run`,
 * `op.bodyCredentials`).
 */
import type { IRBodyCredentials } from '../ir/types.ts';
import { isObj, type AuthField, type DocRow, type WireReader } from './kind.ts';

export const doc: DocRow = {
  kind: 'credentials in the body',
  spec: '`x-body-credentials: { property, username, password }` on the operation',
  client: '`auth.username`, `auth.password` into `body[property]`',
  mock: 'the pair against the accepted users',
};

export const runtime = { client: 'generated body filler (emit/client.ts emitBodyFn)', mock: 'templates/runtime/mock.js (run)' };

const KEYS = ['property', 'username', 'password'];

/** `members` lists the request body's declared members (for the check that `property` is one). */
export function read(raw: unknown, pointer: string, r: WireReader, members: string[] | undefined): IRBodyCredentials | undefined {
  if (!isObj(raw) || KEYS.some((k) => typeof raw[k] !== 'string' || raw[k] === '')) {
    r.error(pointer, 'x-body-credentials must be { property: <body member>, username: <member of it>, password: <member of it> }');
    return undefined;
  }
  const extra = Object.keys(raw).filter((k) => !KEYS.includes(k));
  if (extra.length > 0) {
    r.error(r.at(pointer, extra[0]!), `x-body-credentials takes property, username and password only, not ${extra.join(', ')} (the mock checks a user name and password pair)`);
    return undefined;
  }
  const bc = { property: raw.property as string, username: raw.username as string, password: raw.password as string, source: r.loc(pointer) };
  if (members !== undefined && !members.includes(bc.property)) {
    r.error(r.at(pointer, 'property'), `the request body has no member "${bc.property}"`);
    return undefined;
  }
  return bc;
}

export function clientFields(bc: IRBodyCredentials): AuthField[] {
  return [
    { field: 'username', secret: false, doc: `Put into the request body as \`${bc.property}.${bc.username}\`.` },
    { field: 'password', secret: true, doc: `Put into the request body as \`${bc.property}.${bc.password}\`.` },
  ];
}

/** [member of the property, auth option]. */
export function clientMembers(bc: IRBodyCredentials): [string, string][] {
  return [
    [bc.username, 'username'],
    [bc.password, 'password'],
  ];
}

export function mockPart(bc: IRBodyCredentials, users: Record<string, string>): { def: { property: string; username: string; password: string }; clientAuth: Record<string, string> } {
  const [user, password] = Object.entries(users)[0] ?? ['', ''];
  return { def: { property: bc.property, username: bc.username, password: bc.password }, clientAuth: { username: user, password } };
}
