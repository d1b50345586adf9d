/** Schema lookups over the IR that readers, passes and emitters share. */
import type { IRModel, IRProperty, IRProvider, IRSchema, IRVendorError } from './types.ts';

/** Models by key, one map per model list (a linear search per ref cost seconds on specs with thousands of refs). */
const modelMaps = new WeakMap<IRModel[], Map<string, IRModel>>();

/** The model with this key (the first, should a list hold two). */
export function modelByKey(provider: Pick<IRProvider, 'models'>, key: string): IRModel | undefined {
  let m = modelMaps.get(provider.models);
  if (m === undefined) {
    m = new Map();
    for (const x of provider.models) if (!m.has(x.key)) m.set(x.key, x);
    modelMaps.set(provider.models, m);
  }
  return m.get(key);
}

/** The declared members of an object schema, through refs and allOf, in declaration order. */
export function objectProperties(s: IRSchema, provider: Pick<IRProvider, 'models'>, depth = 0): IRProperty[] {
  if (depth > 16) return [];
  const out: IRProperty[] = [];
  const add = (ps: IRProperty[]): void => {
    for (const p of ps) if (!out.some((o) => o.name === p.name)) out.push(p);
  };
  if (s.ref !== undefined) {
    const m = modelByKey(provider, s.ref);
    if (m) add(objectProperties(m.schema, provider, depth + 1));
  }
  add(s.object?.properties ?? []);
  for (const a of s.allOf ?? []) add(objectProperties(a, provider, depth + 1));
  return out;
}

/** The base of a media type, lower case, without parameters. */
export function mediaBase(mediaType: string): string {
  return mediaType.split(';')[0]!.trim().toLowerCase();
}

function isVendorError(v: unknown): v is IRVendorError {
  if (typeof v !== 'object' || v === null || !Object.hasOwn(v, 'code')) return false;
  const code = (v as { code: unknown }).code;
  return typeof code === 'string' || typeof code === 'number';
}

/** The vendor code tied to `keyword` on this node (`x-vendor-errors`); by member for required-like keywords. */
export function vendorError(s: IRSchema, keyword: string, memberName?: string): IRVendorError | undefined {
  const all = s.meta.vendorErrors;
  if (!all || !Object.hasOwn(all, keyword)) return undefined;
  const v = all[keyword];
  if (isVendorError(v)) return v;
  if (memberName === undefined || v === undefined || !Object.hasOwn(v, memberName)) return undefined;
  return v[memberName];
}

