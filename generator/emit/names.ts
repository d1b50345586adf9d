/**
 * Central, late name allocation. Emitters ask a scope for a name derived from spec text; the scope sanitises
 * it, avoids reserved words and earlier names, and answers the same name for the same key every time.
 * Suffixes are deterministic (declaration order), so output never depends on hash or map order.
 */
import { Ident, RESERVED } from './code.ts';

/** Words of a spec name: splits on non-alphanumerics and lower->upper case changes. */
function words(s: string): string[] {
  return s
    .replace(/\+/g, ' Plus ')
    .replace(/-(?=\d)/g, ' Minus ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
}

export function pascalCase(s: string): string {
  const out = words(s)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
  return /^[0-9]/.test(out) ? `_${out}` : out;
}

export function camelCase(s: string): string {
  const p = pascalCase(s).replace(/^_/, '');
  const out = p.length > 0 ? p[0]!.toLowerCase() + p.slice(1) : p;
  return /^[0-9]/.test(out) ? `_${out}` : out;
}

/** Names a member of an enum constant: the spec's own name if it has one, else derived from the value. */
export function enumMemberName(value: unknown, given: string | undefined): string {
  if (given !== undefined) return pascalCase(given) || '_';
  if (typeof value === 'number') return value < 0 ? `Minus${String(-value).replace('.', '_')}` : `_${String(value).replace('.', '_')}`;
  if (typeof value === 'boolean' || value === null) return pascalCase(String(value));
  return pascalCase(String(value)) || '_';
}

export class NameScope {
  private readonly used = new Set<string>();
  private readonly byKey = new Map<string, Ident>();

  constructor(reserved: Iterable<string> = []) {
    for (const r of reserved) this.used.add(r);
  }

  /** True if `name` is taken in this scope (case-sensitive). */
  has(name: string): boolean {
    return this.used.has(name);
  }

  /**
   * The identifier for `key`, made from `desired` on first request. `onClash` is told when the sanitised
   * name was already taken by another key (the caller decides whether that is an error).
   */
  allocate(key: string, desired: string, onClash?: (taken: string) => void): Ident {
    const prev = this.byKey.get(key);
    if (prev) return prev;
    let base = desired === '' ? '_' : desired;
    // Type names are PascalCase: `Response` becomes `ResponseModel`; values like `default` become `default_`.
    if (RESERVED.has(base)) base = /^[A-Z]/.test(base) ? `${base}Model` : `${base}_`;
    let name = base;
    if (this.used.has(name)) {
      onClash?.(name);
      for (let i = 2; this.used.has(name); i++) name = `${base}${i}`;
    }
    const id = new Ident(name);
    this.used.add(name);
    this.byKey.set(key, id);
    return id;
  }

  get(key: string): Ident | undefined {
    return this.byKey.get(key);
  }
}
