/**
 * Whether an operation is safe to repeat: its method (RFC 9110's idempotent methods), `x-idempotent: true`, or an
 * idempotency key header, which is a header parameter named `Idempotency-Key` (any case) or the header
 * `x-idempotency-header` names. The client retries a request that may have reached the server only when it is
 * safe (docs/decisions.md), and sends one key per logical call; the mock replays the stored reply of a repeated
 * key. The extensions are read here into the IR (`readIdempotent`, `readIdempotencyHeader`, `readIdempotencyKey`);
 * `callSafety` gives the client and mock emitters the same answer from the IR.
 */
import { joinPointer } from '../diagnostics.ts';
import type { IRIdempotencyKey, IROperation, IRParameter } from '../ir/types.ts';
import type { DocRow, WireReader } from './kind.ts';

export const docs: DocRow[] = [
  { kind: 'safe to repeat', spec: '`x-idempotent: true`', client: 'retries it after failures that may have reached the server', mock: 'no effect' },
  {
    kind: 'idempotency key',
    spec: 'an `Idempotency-Key` header parameter, or `x-idempotency-header: <name>`',
    client: 'sends one random UUID per call (or the caller\'s key), the same on every retry',
    mock: 'replays the stored reply of a repeated key; another body with it is `keyReused` (409)',
  },
];

export interface CallSafety {
  /** `x-idempotent: true`. */
  idempotent: boolean;
  /** The idempotency key header, lower-cased, when the operation declares one. */
  keyHeader?: string;
  /** The header parameter that carries the key, when the spec declares it as a parameter. */
  keyParam?: IRParameter;
}

/** Methods whose repeat has the effect of one request (RFC 9110 9.2.2), TRACE aside. */
export const IDEMPOTENT_METHODS: readonly string[] = ['get', 'head', 'put', 'delete', 'options'];

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export function readIdempotent(raw: unknown, pointer: string, r: WireReader): boolean | undefined {
  if (typeof raw === 'boolean') return raw;
  r.error(pointer, 'x-idempotent must be true or false');
  return undefined;
}

export function readIdempotencyHeader(raw: unknown, pointer: string, r: WireReader): string | undefined {
  if (typeof raw === 'string' && TOKEN.test(raw)) return raw;
  r.error(pointer, 'x-idempotency-header must be a header name');
  return undefined;
}

/**
 * The idempotency key of an operation, resolved once while it is read: the header `x-idempotency-header` names,
 * else an `Idempotency-Key` header parameter (any case). A key parameter that is not a string is an
 * `extension-invalid` error at the operation's parameters, and the operation then has no key.
 */
export function readIdempotencyKey(header: string | undefined, parameters: IRParameter[], pointer: string, r: WireReader): IRIdempotencyKey | undefined {
  const headers = parameters.filter((p) => p.in === 'header');
  let name = header;
  if (name === undefined && headers.some((p) => p.name.toLowerCase() === 'idempotency-key')) name = 'Idempotency-Key';
  if (name === undefined) return undefined;
  const key: IRIdempotencyKey = { header: name.toLowerCase() };
  const param = headers.find((p) => p.name.toLowerCase() === key.header);
  if (param) {
    const types = param.schema.types;
    if (types !== undefined && !types.includes('string')) {
      r.error(joinPointer(pointer, 'parameters'), `the idempotency key header parameter "${param.name}" must be a string`);
      return undefined;
    }
    key.param = param;
  }
  return key;
}

/** The safety facts of `op`, as the client and the mock emitters read them (all read into the IR already). */
export function callSafety(op: IROperation): CallSafety {
  const out: CallSafety = { idempotent: op.wire.idempotent === true };
  const key = op.wire.idempotencyKey;
  if (key !== undefined) {
    out.keyHeader = key.header;
    if (key.param !== undefined) out.keyParam = key.param;
  }
  return out;
}
