/**
 * `npm run bench`: runs every bench module (bench/*.ts exporting `run()`) in one process, one after the
 * other. Each prints `ratio <name> <value>` lines (above 1 means ours is better) and its raw figures.
 * `npm run bench -- xml client` runs only the named modules.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const modules = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('_'))
  .map((f) => f.replace(/\.ts$/, ''))
  .filter((m) => only.length === 0 || only.includes(m))
  .sort();

for (const name of modules) {
  const mod = (await import(pathToFileURL(path.join(here, `${name}.ts`)).href)) as { run?: () => Promise<void> };
  if (typeof mod.run !== 'function') continue;
  console.log(`# bench ${name}`);
  await mod.run();
}
