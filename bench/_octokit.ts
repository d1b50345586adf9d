/**
 * GitHub's REST API description (`@octokit/openapi`), shared by the bench modules that work on it. The package
 * unpacks to ~400 MB, so it is installed on demand into .cache/ (ignored), not as a dependency of every install.
 */
import { ensureCached } from './_cache.ts';

export const OCTOKIT = '@octokit/openapi@23.0.2';

/** The path of api.github.com.json (OpenAPI 3.0, 13 MB), installing the package first if it is not there. */
export function ensureGithubSpec(): string {
  return ensureCached(OCTOKIT, 'octokit', 'node_modules/@octokit/openapi/generated/api.github.com.json');
}
