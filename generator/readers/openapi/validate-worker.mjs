// Validates OpenAPI documents with @readme/openapi-parser off the main thread, so the schema validation of a
// large spec runs while the main thread reads and emits. Plain JavaScript: a worker gets no TypeScript loader.
import { parentPort, workerData } from 'node:worker_threads';
import { validate } from '@readme/openapi-parser';
import { parse } from 'yaml';

for (const job of workerData.jobs) {
  let reply;
  try {
    const value = job.json ? JSON.parse(job.text) : parse(job.text, { maxAliasCount: 100 });
    const result = await validate(value, { validate: { errors: { colorize: false } } });
    reply = { file: job.file, errors: result.valid ? [] : result.errors.map((e) => e.message) };
  } catch (e) {
    reply = { file: job.file, errors: [], thrown: String((e && e.message) || e) };
  }
  parentPort.postMessage(reply);
}
