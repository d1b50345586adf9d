/**
 * Wire kind: servers and their variables (`servers[].url` with `{name}` placeholders, `servers[].variables` with
 * `default`, `enum`, `description`). Read and checked here once: a placeholder with no variable, a variable
 * without a string `default`, or a default outside its `enum` is a located error. Runtime half:
 * templates/runtime/client.js (`fillServer`: the client's `serverVariables` option over the defaults, each value
 * checked against its enum, and a URL with a placeholder left is never used).
 */
import type { IRServer } from '../ir/types.ts';
import { isObj, type DocRow, type WireReader } from './kind.ts';

export const doc: DocRow = {
  kind: 'server variables',
  spec: '`servers[].url` with `{name}`, `servers[].variables` (`default`, `enum`)',
  client: 'typed `serverVariables` option over the defaults, enum-checked; a URL with a variable left unfilled is refused at `createClient`',
  mock: 'served at its own URL (`basePath` option)',
};

const PLACEHOLDER = /\{([^{}]*)\}/g;

export function readServers(raw: unknown, r: WireReader): IRServer[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    r.error('/servers', 'servers must be a list', 'server-invalid');
    return [];
  }
  const out: IRServer[] = [];
  raw.forEach((s, i) => {
    const p = r.at('/servers', i);
    if (!isObj(s) || typeof s.url !== 'string') {
      r.error(p, 'a server needs a `url`', 'server-invalid');
      return;
    }
    const server: IRServer = { url: s.url };
    if (typeof s.description === 'string') server.description = s.description;
    const vars: NonNullable<IRServer['variables']> = {};
    if (s.variables !== undefined && !isObj(s.variables)) r.error(r.at(p, 'variables'), 'variables must be a map of name to { default, enum?, description? }', 'server-invalid');
    for (const [name, v] of Object.entries(isObj(s.variables) ? s.variables : {})) {
      const vp = r.at(p, 'variables', name);
      if (!isObj(v) || typeof v.default !== 'string') {
        r.error(isObj(v) ? r.at(vp, 'default') : vp, `server variable "${name}" needs a string default`, 'server-invalid');
        continue;
      }
      const entry: NonNullable<IRServer['variables']>[string] = { default: v.default };
      if (v.enum !== undefined) {
        if (!Array.isArray(v.enum) || v.enum.length === 0 || v.enum.some((x) => typeof x !== 'string')) {
          r.error(r.at(vp, 'enum'), `the enum of server variable "${name}" must be a non-empty list of strings`, 'server-invalid');
          continue;
        }
        entry.enum = v.enum as string[];
        if (!entry.enum.includes(v.default)) r.error(r.at(vp, 'default'), `the default of server variable "${name}" is not one of its enum values`, 'server-invalid');
      }
      if (typeof v.description === 'string') entry.description = v.description;
      vars[name] = entry;
    }
    for (const m of s.url.matchAll(PLACEHOLDER)) {
      if (!Object.prototype.hasOwnProperty.call(vars, m[1]!)) r.error(r.at(p, 'url'), `the server URL uses {${m[1]}}, which is not one of its variables (${Object.keys(vars).join(', ') || 'none declared'})`, 'server-variable-unknown');
    }
    if (Object.keys(vars).length > 0) server.variables = vars;
    out.push(server);
  });
  return out;
}
