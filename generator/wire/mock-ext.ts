/**
 * `x-mock` (docs/spec-conventions.md): what a mock server needs that no vendor document states. The reader
 * checks its shape here (objects, known members, names, roles); the template language and the catalog codes
 * inside it are compiled and checked by the mock emitter, the only output that uses them.
 */
import type { IRMockOperation, IRMockProvider, IRSchemeMock, JsonValue } from '../ir/types.ts';
import { isObj, type WireReader } from './kind.ts';

const OPERATION_MEMBERS = ['collection', 'id', 'parent', 'unique', 'invalidCode', 'requiresRole', 'credentials', 'reply', 'errors', 'list'] as const;

export function readOperationMock(raw: unknown, pointer: string, r: WireReader): IRMockOperation | undefined {
  if (!isObj(raw)) {
    r.error(pointer, 'x-mock must be an object');
    return undefined;
  }
  const out: IRMockOperation = { source: r.loc(pointer) };
  for (const [k, v] of Object.entries(raw)) {
    if (!(OPERATION_MEMBERS as readonly string[]).includes(k)) {
      r.error(r.at(pointer, k), `unknown member "${k}" of x-mock (known: ${OPERATION_MEMBERS.join(', ')})`);
      continue;
    }
    if (k === 'credentials') {
      if (!isObj(v) || typeof v.username !== 'string' || typeof v.password !== 'string') r.error(r.at(pointer, k), 'credentials must be { username, password }: the logon body members checked against the accepted users');
      else out.credentials = { username: v.username, password: v.password };
      continue;
    }
    (out as unknown as Record<string, JsonValue>)[k] = v as JsonValue;
  }
  return out;
}

export function readProviderMock(raw: unknown, pointer: string, r: WireReader, schemeKeys: string[]): IRMockProvider | undefined {
  if (raw === undefined) return undefined;
  if (!isObj(raw)) {
    r.error(pointer, 'x-mock must be an object');
    return undefined;
  }
  const out: IRMockProvider = { source: r.loc(pointer) };
  for (const [k, v] of Object.entries(raw)) {
    const p = r.at(pointer, k);
    if (k === 'authOrder') {
      const keys = Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
      if (!Array.isArray(v) || keys.length !== v.length) r.error(p, 'authOrder must list security scheme names');
      for (const s of keys) if (!schemeKeys.includes(s)) r.error(p, `"${s}" is not a security scheme`);
      out.authOrder = keys.filter((s) => schemeKeys.includes(s));
    } else if (k === 'users') {
      if (!isObj(v) || !Object.values(v).every((x) => typeof x === 'string')) r.error(p, 'users must map user names to passwords');
      else out.users = v as Record<string, string>;
    } else if (k === 'errors') out.errors = v as JsonValue;
    else if (k === 'errorReply') {
      if (!isObj(v) || v.body === undefined) r.error(p, 'errorReply must be { status?, body: <template> }');
      else if (v.status !== undefined && typeof v.status !== 'number') r.error(r.at(p, 'status'), 'status must be an HTTP status number');
      else out.errorReply = { body: v.body as JsonValue, ...(typeof v.status === 'number' ? { status: v.status } : {}) };
    } else r.error(p, `unknown member "${k}" of x-mock (known: authOrder, users, errors, errorReply)`);
  }
  return out;
}

export function readSchemeMock(raw: unknown, pointer: string, r: WireReader): IRSchemeMock | undefined {
  if (raw === undefined) return undefined;
  if (!isObj(raw)) {
    r.error(pointer, 'x-mock must be an object');
    return undefined;
  }
  const out: IRSchemeMock = {};
  if (raw.roles !== undefined) {
    if (!Array.isArray(raw.roles) || !raw.roles.every((x) => typeof x === 'string')) r.error(r.at(pointer, 'roles'), 'roles must be a list of role names, lowest first');
    else out.roles = raw.roles as string[];
  }
  if (raw.keys !== undefined) {
    const keys: Record<string, string | null> = {};
    if (Array.isArray(raw.keys)) for (const k of raw.keys) if (typeof k === 'string') keys[k] = null;
    if (isObj(raw.keys)) {
      for (const [k, role] of Object.entries(raw.keys)) {
        if (role !== null && (typeof role !== 'string' || !out.roles?.includes(role))) r.error(r.at(pointer, 'keys', k), `role ${JSON.stringify(role)} is not one of roles`);
        keys[k] = typeof role === 'string' ? role : null;
      }
    }
    if (Object.keys(keys).length === 0) r.error(r.at(pointer, 'keys'), 'keys must list at least one key (a list, or a map from key to role)');
    else out.keys = keys;
  }
  if (raw.missing !== undefined) out.missing = raw.missing as JsonValue;
  if (raw.invalid !== undefined) out.invalid = raw.invalid as JsonValue;
  for (const k of Object.keys(raw)) if (!['roles', 'keys', 'missing', 'invalid'].includes(k)) r.error(r.at(pointer, k), `unknown member "${k}" of a scheme's x-mock (known: keys, roles, missing, invalid)`);
  return out;
}
