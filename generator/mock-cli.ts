/**
 * `npm run mock -- <provider> [--port N] [--host H] [--latency MS] [--cors] [--origin O]... [--no-challenge]
 * [--dir FOLDER]`: starts the generated mock server of one provider (generated/<provider>/mock.js) and prints
 * its URL. Ctrl-C closes it.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const usage = `usage: npm run mock -- <provider> [--port N] [--host H] [--latency MS] [--cors] [--origin O]... [--no-challenge] [--dir FOLDER]

  <provider>     a folder of the generated package with a mock.js (portfolio-manager, jasper, avvio, quickhelp, tier3)
  --port N       port to listen on (default 0: any free port)
  --host H       interface to listen on (default 127.0.0.1)
  --latency MS   delay every reply by MS milliseconds
  --cors         answer browsers on any other origin (CORS with credentials)
  --origin O     answer browsers on origin O only (repeatable; implies --cors), e.g. http://127.0.0.1:5173
  --no-challenge leave out WWW-Authenticate on 401 (a browser would prompt for a login)
  --dir FOLDER   the generated package (default generated/)`;

interface Handle {
  url: string;
  close(): Promise<void>;
}

interface Info {
  routes: { method: string; path: string; operationId: string; soap?: true }[];
  credentials: { users: Record<string, string>; apiKeys: Record<string, Record<string, string | null>> };
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        latency: { type: 'string' },
        cors: { type: 'boolean' },
        origin: { type: 'string', multiple: true },
        'no-challenge': { type: 'boolean' },
        dir: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const dir = path.resolve(root, values.dir ?? 'generated');
  const available = existsSync(dir) ? readdirSync(dir).filter((d) => existsSync(path.join(dir, d, 'mock.js'))).sort() : [];
  if (values.help || positionals.length !== 1) {
    console.log(`${usage}\n\nmocks in ${path.relative(process.cwd(), dir) || '.'}: ${available.join(', ') || '(none: run npm run generate)'}`);
    return values.help ? 0 : 2;
  }
  const provider = positionals[0]!;
  if (!available.includes(provider)) {
    console.error(`no mock for "${provider}" in ${dir} (have: ${available.join(', ') || 'none'})`);
    return 2;
  }
  const num = (v: string | undefined, name: string): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer`);
    return n;
  };
  const options: Record<string, unknown> = { log: (m: string) => console.error(m) };
  try {
    const port = num(values.port, 'port');
    const latency = num(values.latency, 'latency');
    if (port !== undefined) options.port = port;
    if (latency !== undefined) options.latencyMs = latency;
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  if (values.host !== undefined) options.host = values.host;
  if (values.origin !== undefined) options.cors = values.origin;
  else if (values.cors) options.cors = true;
  if (values['no-challenge']) options.wwwAuthenticate = false;
  const mod = (await import(pathToFileURL(path.join(dir, provider, 'mock.js')).href)) as { startMockServer(o: unknown): Promise<Handle>; mockInfo: Info };
  let server: Handle;
  try {
    server = await mod.startMockServer(options);
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  console.log(`${provider} mock listening on ${server.url}`);
  if (options.cors !== undefined) console.log(`  CORS: ${options.cors === true ? 'any origin' : (options.cors as string[]).join(', ')} (credentials allowed)`);
  for (const r of mod.mockInfo.routes) console.log(`  ${r.method} ${server.url}${r.path}  (${r.operationId}${r.soap ? ', SOAP 1.2' : ''})`);
  const users = Object.entries(mod.mockInfo.credentials.users).map(([u, p]) => `${u} / ${p}`);
  if (users.length > 0) console.log(`  users: ${users.join(', ')}`);
  for (const [scheme, keys] of Object.entries(mod.mockInfo.credentials.apiKeys)) {
    console.log(`  ${scheme} keys: ${Object.entries(keys).map(([k, role]) => (role === null ? k : `${k} (${role})`)).join(', ')}`);
  }
  console.log('Ctrl-C to stop');
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      void server.close().then(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
