/**
 * GitHub's REST API description (`@octokit/openapi`), shared by the bench modules that work on it. The package
 * unpacks to ~400 MB, so it is installed on demand into .cache/ (ignored), not as a dependency of every install.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cache = path.join(root, '.cache/octokit');
export const OCTOKIT = '@octokit/openapi@23.0.2';

/** The path of api.github.com.json (OpenAPI 3.0, 13 MB), installing the package first if it is not there. */
export function ensureGithubSpec(): string {
  const file = path.join(cache, 'node_modules/@octokit/openapi/generated/api.github.com.json');
  if (!existsSync(file)) {
    mkdirSync(cache, { recursive: true });
    if (!existsSync(path.join(cache, 'package.json'))) writeFileSync(path.join(cache, 'package.json'), '{"private":true}\n');
    console.log(`installing ${OCTOKIT} into .cache/ (once)`);
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', OCTOKIT], { cwd: cache, stdio: 'inherit' });
  }
  return file;
}
