/**
 * Pass: the facts several emitters need, computed once before any of them runs and stored in
 * `provider.facts`: SOAP operations with their models, the XML document roots, the session logon, where error
 * bodies keep codes and text, and which files the provider module has. Emitters read these and never each
 * other's internals, so each can run alone.
 */
import type { IRMediaContent, IROperation, IRProvider, IRRequestBodyPlan, IRSoapOperation, ProviderFacts } from '../ir/types.ts';
import { bodyKinds } from '../wire/index.ts';
import { errorFieldsPass } from './error-fields.ts';
import { markBodyFiles } from './body-files.ts';

export interface WireFactsOptions {
  /** Mock servers for every provider (generate's `mocks: 'all'`), serving what the document states. */
  mockAll?: boolean;
}

/**
 * In a spec without any `x-mock` (a mock asked for with `mocks: 'all'`), an operation is served only when the
 * document states what to answer: a success reply without content, or with a JSON example.
 */
export function servedWithoutXMock(op: IROperation): boolean {
  const ok = op.responses.find((r) => /^2\d\d$/.test(r.status));
  const json = ok?.contents.find((x) => x.encoding === 'json');
  return ok === undefined || ok.contents.length === 0 || (json !== undefined && json.examples.length > 0);
}

export function wireFactsPass(provider: IRProvider, options: WireFactsOptions = {}): ProviderFacts {
  const soap = soapOperations(provider);
  const xmlRoots = xmlRootKeys(provider, soap);
  const facts: ProviderFacts = {
    soap,
    xmlRoots,
    errorFields: errorFieldsPass(provider),
    outputs: {
      validators: true,
      xml: xmlRoots.length > 0 || soap.length > 0,
      // A mock server needs behaviour no OpenAPI document states (x-mock); specs without it get none.
      mock:
        provider.operations.length > 0 &&
        (provider.mock !== undefined || provider.operations.some((op) => op.wire.mock !== undefined) || (options.mockAll === true && provider.operations.some(servedWithoutXMock))),
      client: true,
    },
    requestBodies: requestBodyPlans(provider),
  };
  const logonOp = provider.operations.find((op) => op.wire.sessionLogon !== undefined);
  if (logonOp) {
    const logon = logonOp.wire.sessionLogon!;
    const schemes = provider.securitySchemes.filter((s) => s.auth.kind === 'apiKey' && s.auth.in === 'cookie' && s.auth.name === logon.cookie).map((s) => s.key);
    facts.session = { op: logonOp, logon, schemes };
  }
  return facts;
}

/** Every request body of a kind with runtime halves of its own (form, multipart): planned once for the client and the mock. */
function requestBodyPlans(provider: IRProvider): Map<IRMediaContent, IRRequestBodyPlan> {
  const out = new Map<IRMediaContent, IRRequestBodyPlan>();
  for (const op of provider.operations) {
    for (const c of op.requestBody?.contents ?? []) {
      const request = bodyKinds.find((k) => k.kind === c.encoding)?.request;
      if (request === undefined) continue;
      out.set(c, { runtime: request.runtime, ...request.plan(c, provider) });
    }
  }
  return out;
}

/** Runs the pass when it has not run yet (emitters called on their own, in tests). */
export function factsOf(provider: IRProvider): ProviderFacts {
  // The request body plans read which parts of bodies are files (passes/body-files.ts; marking is idempotent).
  if (provider.facts === undefined) markBodyFiles(provider);
  provider.facts ??= wireFactsPass(provider);
  return provider.facts;
}

function soapOperations(provider: IRProvider): IRSoapOperation[] {
  const out: IRSoapOperation[] = [];
  for (const op of provider.operations) {
    const binding = op.wire.soap;
    if (!binding) continue;
    const b: IRSoapOperation = { operation: op, binding };
    const request = pickBody(op.requestBody?.contents ?? []);
    if (request !== undefined) b.request = request;
    const ok = op.responses.find((r) => /^2/.test(r.status) && r.contents.length > 0);
    const response = ok ? pickBody(ok.contents) : undefined;
    if (response !== undefined) b.response = response;
    out.push(b);
  }
  return out;
}

function pickBody(contents: IRMediaContent[]): string | undefined {
  return (contents.find((c) => c.encoding === 'xml' && c.schema.ref !== undefined) ?? contents.find((c) => c.schema.ref !== undefined))?.schema.ref;
}

/** Models sent or received as an XML media type or in a SOAP envelope, in model declaration order. */
export function xmlRootKeys(provider: IRProvider, soap: IRSoapOperation[] = soapOperations(provider)): string[] {
  const keys = new Set<string>();
  for (const op of provider.operations) {
    const contents: IRMediaContent[] = [...(op.requestBody?.contents ?? []), ...op.responses.flatMap((r) => r.contents)];
    for (const c of contents) if (c.encoding === 'xml' && c.schema.ref !== undefined) keys.add(c.schema.ref);
  }
  for (const c of provider.errorShape?.contents ?? []) if (c.encoding === 'xml' && c.schema.ref !== undefined) keys.add(c.schema.ref);
  for (const b of soap) {
    if (b.request !== undefined) keys.add(b.request);
    if (b.response !== undefined) keys.add(b.response);
  }
  const order = new Map(provider.models.map((m, i) => [m.key, i]));
  return [...keys].filter((k) => order.has(k)).sort((a, b) => order.get(a)! - order.get(b)!);
}
