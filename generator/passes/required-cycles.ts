/**
 * Pass: find models that no finite value can satisfy, because a chain of required properties leads back to
 * the model itself (A requires b: B, B requires a: A). Recursion through an optional property, an array
 * (which may be empty), a nullable type or one alternative of a union can end, so it is fine.
 */
import type { Diagnostics } from '../diagnostics.ts';
import type { IRProvider, IRSchema } from '../ir/types.ts';

/** Models a value of `s` must contain, whatever it is. */
function mustContain(s: IRSchema, out: Set<string>): void {
  if (s.bool !== undefined) return;
  if (s.types?.includes('null')) return;
  if (s.ref !== undefined) out.add(s.ref);
  if (s.allOf) for (const sub of s.allOf) mustContain(sub, out);
  if (s.object) for (const p of s.object.properties) if (p.required) mustContain(p.schema, out);
  const a = s.array;
  if (a?.items && (a.minItems ?? 0) > 0) mustContain(a.items, out);
}

export function checkRequiredCycles(provider: IRProvider, diagnostics: Diagnostics): void {
  const edges = new Map<string, string[]>();
  for (const m of provider.models) {
    const out = new Set<string>();
    // A model's own top-level ref is an alias, not containment; look through its required members.
    const { ref, ...members } = m.schema;
    mustContain(members, out);
    if (ref !== undefined) out.add(ref);
    edges.set(m.key, [...out]);
  }
  const byKey = new Map(provider.models.map((m) => [m.key, m]));
  const state = new Map<string, 'visiting' | 'done'>();
  const reported = new Set<string>();
  const stack: string[] = [];
  const visit = (k: string): void => {
    state.set(k, 'visiting');
    stack.push(k);
    for (const next of edges.get(k) ?? []) {
      if (!byKey.has(next)) continue;
      if (state.get(next) === 'visiting') {
        const cycle = stack.slice(stack.indexOf(next));
        for (const key of cycle) {
          if (reported.has(key)) continue;
          reported.add(key);
          const m = byKey.get(key)!;
          const names = [...cycle, next].map((c) => byKey.get(c)!.name).join(' -> ');
          diagnostics.error('ref-cycle-required', m.source.file, m.source.pointer, `no finite value can satisfy "${m.name}": required properties form the cycle ${names}`, m.source.line);
        }
      } else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(k, 'done');
  };
  for (const m of provider.models) if (!state.has(m.key)) visit(m.key);
}
