/**
 * Big third-party packages the benches measure against or read (public API descriptions, Prism) are installed
 * on demand into .cache/<dir> (ignored), pinned, never as dependencies of every install.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The absolute path of `file` (relative to `.cache/<dir>`), installing `pkg` (name@version) there first if it is missing. */
export function ensureCached(pkg: string, dir: string, file: string): string {
  const cache = path.join(root, '.cache', dir);
  const target = path.join(cache, file);
  if (!existsSync(target)) {
    mkdirSync(cache, { recursive: true });
    if (!existsSync(path.join(cache, 'package.json'))) writeFileSync(path.join(cache, 'package.json'), '{"private":true}\n');
    console.log(`installing ${pkg} into .cache/${dir} (once)`);
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', pkg], { cwd: cache, stdio: 'inherit' });
  }
  return target;
}
