/**
 * Command line: `npm run generate -- [--check] [--watch] [--config file] [--specs dir] [--out dir]`.
 * Problems in specs print one line each (file:line pointer code: message) and exit 1, without a stack trace;
 * an internal error exits 2.
 */
import { existsSync, readFileSync, watch } from 'node:fs';
import path from 'node:path';
import { formatDiagnostic, SpecError } from './diagnostics.ts';
import { diffOutput, writeOutput } from './output.ts';
import { fingerprintOptions, generate } from './pipeline.ts';
import { inputFingerprint, isUpToDate } from './manifest.ts';

const HELP = `provgen: generate a typed package from vendor specs

Usage: npm run generate -- [options]

Options:
  --check              compare the output folder with what the specs produce; exit 1 and name
                       every stale file when they differ (writes nothing)
  --watch              regenerate whenever a spec changes; a broken save is reported and the
                       previous output is kept until the next good one
  --config <file>      JSON config: { "specs": "specs", "out": "generated", "skipValidation": false,
                       "mocks": "x-mock" }
                       (default: provgen.config.json in the current folder, if present)
  --specs <dir>        specs folder (default: specs)
  --out <dir>          output folder (default: generated)
  --skip-validation    do not check OpenAPI documents against the OpenAPI structure first
  --refuse-unsupported every operation as if marked x-refuse-unsupported: what the client cannot
                       honour is a warning and a method that refuses its calls
  --mocks <which>      x-mock (default): mock servers for specs with x-mock; all: for every spec
                       (operations without x-mock answer with their success reply's JSON example)
  --quiet              print only problems
  --help               this text

Exit codes: 0 ok, 1 problems in the specs or stale output (--check), 2 internal error.
`;

interface Options {
  check: boolean;
  watch: boolean;
  quiet: boolean;
  specs: string;
  out: string;
  skipValidation: boolean;
  mocks: 'x-mock' | 'all';
  refuseUnsupported: boolean;
}

function parseArgs(argv: string[]): Options | string {
  const o: Options = { check: false, watch: false, quiet: false, specs: 'specs', out: 'generated', skipValidation: false, mocks: 'x-mock', refuseUnsupported: false };
  let configPath: string | undefined;
  const explicit: Partial<Options> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${a} needs a value`);
      return v;
    };
    switch (a) {
      case '--help':
      case '-h':
        return HELP;
      case '--check':
        o.check = true;
        break;
      case '--watch':
        o.watch = true;
        break;
      case '--quiet':
        o.quiet = true;
        break;
      case '--skip-validation':
        explicit.skipValidation = true;
        break;
      case '--config':
        configPath = value();
        break;
      case '--specs':
        explicit.specs = value();
        break;
      case '--out':
        explicit.out = value();
        break;
      case '--refuse-unsupported':
        explicit.refuseUnsupported = true;
        break;
      case '--mocks': {
        const v = value();
        if (v !== 'x-mock' && v !== 'all') throw new UsageError(`--mocks takes x-mock or all, not "${v}"`);
        explicit.mocks = v;
        break;
      }
      default:
        throw new UsageError(`unknown option ${a} (see --help)`);
    }
  }
  const cfgFile = configPath ?? (existsSync('provgen.config.json') ? 'provgen.config.json' : undefined);
  if (cfgFile) {
    let cfg: unknown;
    try {
      cfg = JSON.parse(readFileSync(cfgFile, 'utf8'));
    } catch (e) {
      throw new UsageError(`cannot read config ${cfgFile}: ${(e as Error).message}`);
    }
    if (typeof cfg !== 'object' || cfg === null || Array.isArray(cfg)) throw new UsageError(`config ${cfgFile} must be a JSON object`);
    const c = cfg as Record<string, unknown>;
    for (const k of Object.keys(c)) {
      if (!['specs', 'out', 'skipValidation', 'mocks'].includes(k)) throw new UsageError(`config ${cfgFile}: unknown key "${k}"`);
    }
    const base = path.dirname(cfgFile);
    if (typeof c.specs === 'string') o.specs = path.join(base, c.specs);
    if (typeof c.out === 'string') o.out = path.join(base, c.out);
    if (typeof c.skipValidation === 'boolean') o.skipValidation = c.skipValidation;
    if (c.mocks !== undefined) {
      if (c.mocks !== 'x-mock' && c.mocks !== 'all') throw new UsageError(`config ${cfgFile}: "mocks" must be "x-mock" or "all"`);
      o.mocks = c.mocks;
    }
  }
  Object.assign(o, explicit);
  return o;
}

class UsageError extends Error {}

async function runOnce(o: Options): Promise<number> {
  const started = performance.now();
  let inputs: string | undefined;
  if (!o.check) {
    // Nothing changed since the last run and nobody touched the output: nothing to read, nothing to write.
    inputs = inputFingerprint(o.specs, fingerprintOptions({ skipValidation: o.skipValidation, mocks: o.mocks, refuseUnsupported: o.refuseUnsupported }));
    const current = isUpToDate(o.out, inputs);
    if (current.upToDate) {
      const secs = ((performance.now() - started) / 1000).toFixed(2);
      if (!o.quiet) process.stdout.write(`provgen: ${current.providers} providers, 0 files written, ${current.files} unchanged, 0 removed in ${secs}s (up to date)\n`);
      return 0;
    }
  }
  let result;
  try {
    // The fingerprint taken before reading goes into the manifest (hashing a 13 MB spec twice costs 0.1 s);
    // a spec saved during the run then differs from it, so the next run regenerates.
    result = await generate(o.specs, { skipValidation: o.skipValidation, mocks: o.mocks, refuseUnsupported: o.refuseUnsupported }, inputs);
  } catch (e) {
    if (e instanceof SpecError) {
      for (const d of e.diagnostics) process.stderr.write(formatDiagnostic(d) + '\n');
      process.stderr.write(`provgen: ${e.message}; ${o.check ? 'nothing checked' : `${o.out} left as it was`}\n`);
      return 1;
    }
    throw e;
  }
  for (const d of result.diagnostics.sorted()) process.stderr.write(formatDiagnostic(d) + '\n');
  const providers = result.ir.providers.length;
  // The IR is not needed for writing: let it go before the output files are compared and written.
  const files = result.files;
  result = undefined;
  const secs = ((performance.now() - started) / 1000).toFixed(2);
  if (o.check) {
    const d = diffOutput(o.out, files);
    const stale = [...d.changed.map((f) => `changed: ${f}`), ...d.added.map((f) => `missing: ${f}`), ...d.removed.map((f) => `extra: ${f}`)];
    if (stale.length > 0) {
      for (const s of stale) process.stderr.write(`stale ${o.out}/${s.slice(s.indexOf(' ') + 1)} (${s.slice(0, s.indexOf(':'))})\n`);
      process.stderr.write(`provgen --check: ${stale.length} stale file(s) in ${o.out}; run npm run generate\n`);
      return 1;
    }
    if (!o.quiet) process.stdout.write(`provgen --check: ${providers} providers, ${d.unchanged.length} files up to date in ${secs}s\n`);
    return 0;
  }
  const d = writeOutput(o.out, files);
  const written = d.changed.length + d.added.length;
  if (!o.quiet) {
    process.stdout.write(
      `provgen: ${providers} providers, ${written} files written, ${d.unchanged.length} unchanged, ${d.removed.length} removed in ${secs}s\n`,
    );
  }
  return 0;
}

async function main(): Promise<number> {
  let o: Options | string;
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`provgen: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  if (typeof o === 'string') {
    process.stdout.write(o);
    return 0;
  }
  if (!o.watch) return runOnce(o);
  const opts = o;
  await runOnce(opts);
  process.stdout.write(`provgen: watching ${opts.specs} (Ctrl-C to stop)\n`);
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  watch(opts.specs, { recursive: true }, () => {
    clearTimeout(timer);
    // Editors save in several steps; wait for the burst to settle.
    timer = setTimeout(() => {
      running = running.then(() => runOnce(opts).then(() => undefined, (e: unknown) => {
        process.stderr.write(`provgen: internal error: ${(e as Error).message}\n`);
      }));
    }, 150);
  });
  return new Promise<number>(() => {});
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`provgen: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
    process.exitCode = 2;
  },
);
