/** Resolving JSON pointers (RFC 6901) inside a loaded document, as `$ref` values spell them. */

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** One segment: percent-decoding (URI fragment form) where it is valid, then `~1` and `~0`. */
export function decodeSegment(s: string): string {
  let t = s;
  try {
    t = decodeURIComponent(s);
  } catch {
    // Not percent-encoded after all: keep it as written.
  }
  return t.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The value at `pointer` (`#/a/b`, `/a/b` or `#`), or undefined. Only own members are followed. */
export function getAt(root: unknown, pointer: string): unknown {
  let cur: unknown = root;
  for (const raw of pointer.replace(/^#/, '').split('/').slice(1)) {
    const p = decodeSegment(raw);
    if (Array.isArray(cur) && /^(0|[1-9][0-9]*)$/.test(p)) cur = cur[Number(p)];
    else if (isObj(cur) && Object.hasOwn(cur, p)) cur = cur[p];
    else return undefined;
  }
  return cur;
}
