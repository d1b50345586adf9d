/**
 * Operations emitter: `operations.d.ts`, one entry per operation with its parameters, request body and the
 * typed body of every response status. Clients and mocks are typed against this map.
 */
import type { IRMediaContent, IROperation, IRProvider } from '../ir/types.ts';
import { Code, FileBuilder, jsDoc, lit, propKey } from './code.ts';
import type { ProviderNames } from './provider-names.ts';
import { tsType, type TypeContext } from './types.ts';

export function emitOperationsDts(provider: IRProvider, ctx: { names: ProviderNames; header?: string }): string {
  const file = new FileBuilder();
  const body = file.code;
  const used = new Set<string>();
  const tctx = { names: ctx.names, used };
  body.raw(jsDoc(['Every operation of the API: parameters, request body and the body of each response status.']));
  body.block('export interface Operations {', () => {
    for (const op of provider.operations) emitOperation(body, op, tctx);
  });
  for (const m of provider.models) {
    const name = ctx.names.modelName(m.key).name;
    if (used.has(name)) file.import(name, './models.js', { type: true, as: name });
  }
  return file.toString(ctx.header);
}

function emitOperation(c: Code, op: IROperation, ctx: TypeContext): void {
  c.raw(jsDoc([op.summary, op.description, `\`${op.method.toUpperCase()} ${op.path}\``, op.deprecated ? '@deprecated' : undefined]));
  c.block(`${propKey(ctx.names.operations.get(op.operationId)!.name)}: {`, () => {
    c.line(`method: ${lit(op.method)};`);
    c.line(`path: ${lit(op.path)};`);
    const params = op.parameters;
    if (params.length === 0) c.line('params: Record<string, never>;');
    else {
      c.block('params: {', () => {
        for (const p of params) {
          c.raw(jsDoc([p.description, `In ${p.in}.`]));
          c.line(`${propKey(p.name)}${p.required ? '' : '?'}: ${tsType(p.schema, ctx, '      ')};`);
        }
      }, '};');
    }
    c.line(`body: ${op.requestBody ? bodyType(op.requestBody.contents, ctx) : 'never'};`);
    c.block('responses: {', () => {
      for (const r of op.responses) {
        c.raw(jsDoc([r.description]));
        c.line(`${propKey(r.status)}: ${r.contents.length > 0 ? bodyType(r.contents, ctx) : 'void'};`);
      }
    }, '};');
  }, '};');
}

/** One body type for all media types of a request or response (they carry the same data in this IR). */
function bodyType(contents: IRMediaContent[], ctx: TypeContext): string {
  const types = [...new Set(contents.map((m) => tsType(m.schema, ctx, '      ')))];
  return types.length === 1 ? types[0]! : types.map((t) => `(${t})`).join(' | ');
}
