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
  private readonly used = new Map<string, string>();
  private readonly byKey = new Map<string, Ident>();
  /** Per base name, the suffix to try next (every lower one is taken). */
  private readonly nextSuffix = new Map<string, number>();
  private frozen = false;

  /** `reserved`: names taken from the start, each with a phrase saying who holds it (for clash warnings). */
  constructor(reserved: Iterable<string> | Iterable<[string, string]> = []) {
    for (const r of reserved) {
      if (typeof r === 'string') this.used.set(r, `the reserved name "${r}"`);
      else this.used.set(r[0], r[1]);
    }
  }

  /** True if `name` is taken in this scope (case-sensitive). */
  has(name: string): boolean {
    return this.used.has(name);
  }

  /** Who holds `name` (the phrase given when it was reserved or allocated). */
  holder(name: string): string | undefined {
    return this.used.get(name);
  }

  /**
   * After freezing, asking for a key that was not allocated before is an internal error: every name of the
   * scope is decided up front (the naming pass), none during emission.
   */
  freeze(): void {
    this.frozen = true;
  }

  /**
   * The identifier for `key`, made from `desired` on first request. `onClash` is told when the sanitised
   * name was already taken by another key (with the phrase of who holds it) and which name was given instead.
   * `owner` describes the new holder for later clash messages.
   */
  allocate(key: string, desired: string, onClash?: (taken: string, holder: string, given: string) => void, owner?: string): Ident {
    const prev = this.byKey.get(key);
    if (prev) return prev;
    if (this.frozen) throw new Error(`internal: the name for "${key}" was not allocated by the naming pass`);
    let base = desired === '' ? '_' : desired;
    // Type names are PascalCase: `Response` becomes `ResponseModel`; values like `default` become `default_`.
    if (RESERVED.has(base)) base = /^[A-Z]/.test(base) ? `${base}Model` : `${base}_`;
    let name = base;
    if (this.used.has(name)) {
      // Names are never released, so every suffix below the last one given for this base is still taken: the
      // search resumes there (thousands of operations asking for one base name were quadratic).
      let i = this.nextSuffix.get(base) ?? 2;
      for (name = `${base}${i}`; this.used.has(name); ) name = `${base}${++i}`;
      this.nextSuffix.set(base, i + 1);
      onClash?.(base, this.used.get(base)!, name);
    }
    const id = new Ident(name);
    this.used.set(name, owner ?? `"${key}"`);
    this.byKey.set(key, id);
    return id;
  }

  get(key: string): Ident | undefined {
    return this.byKey.get(key);
  }
}
