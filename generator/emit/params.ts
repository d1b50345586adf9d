/**
 * The parameters a generated method takes from its caller, shared by the client emitter (the call's argument)
 * and the validators emitter (the parameter check the client runs before sending and the mock runs on what it
 * received): which are optional, which the client fills in, and the one object schema they are checked
 * against, so the checks are the validators' own (every keyword, vendor codes) rather than a second checker.
 */
import type { IROperation, IRParameter, IRSchema, JsonValue } from '../ir/types.ts';
import { callSafety } from '../wire/idempotency.ts';

export interface CallerParam {
  param: IRParameter;
  optional: boolean;
  /** The idempotency key header: filled in by the client (a UUID per call) when left out. */
  idempotencyKey?: boolean;
  /** The value filled in when the caller leaves the parameter out (single enum value, const or default). */
  fill?: JsonValue;
}

/** A value the client fills in for a parameter the caller leaves out: a single enum value, a const, a default. */
export function fillValue(s: IRSchema): JsonValue | undefined {
  if (s.const !== undefined && (s.const.value === null || typeof s.const.value !== 'object')) return s.const.value;
  if (s.enum && s.enum.length === 1 && (s.enum[0] === null || typeof s.enum[0] !== 'object')) return s.enum[0];
  const d = s.meta.default;
  if (d !== undefined && (d === null || typeof d !== 'object')) return d;
  return undefined;
}

/**
 * The caller's parameters of an operation, in declaration order: all but the `x-formats` path parameter (it
 * follows the wire format) and one named `body` (it clashes with the request body; the client emitter reports it).
 */
export function callerParams(op: IROperation): CallerParam[] {
  const keyParam = callSafety(op).keyParam;
  const out: CallerParam[] = [];
  for (const p of op.parameters) {
    if (op.wire.formats?.parameter === p.name && p.in === 'path') continue;
    if (p.name === 'body') continue;
    const fill = fillValue(p.schema);
    const key = keyParam === p;
    const cp: CallerParam = { param: p, optional: !p.required || fill !== undefined || key };
    if (fill !== undefined) cp.fill = fill;
    if (key) cp.idempotencyKey = true;
    out.push(cp);
  }
  return out;
}

/** The object schema the caller's parameters are checked against (by name), or undefined when there are none. */
export function paramsSchema(op: IROperation): IRSchema | undefined {
  const ps = callerParams(op);
  if (ps.length === 0) return undefined;
  const seen = new Set<string>();
  const properties = [];
  for (const p of ps) {
    if (seen.has(p.param.name)) continue;
    seen.add(p.param.name);
    properties.push({ name: p.param.name, schema: p.param.schema, required: !p.optional });
  }
  return { types: ['object'], object: { properties }, meta: {}, source: { ...op.source, pointer: `${op.source.pointer}/parameters` } };
}
