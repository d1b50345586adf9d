// Validates OpenAPI documents with @readme/openapi-parser off the main thread, so the schema validation of a
// large spec runs while the main thread reads and emits. Plain JavaScript: a worker gets no TypeScript loader.
import { parentPort } from 'node:worker_threads';
import { validate } from '@readme/openapi-parser';
import { parse } from 'yaml';

// Documents arrive one message each, as the main thread reads them; they are validated one at a time, in order.
const queue = [];
let busy = false;
parentPort.on('message', (job) => {
  queue.push(job);
  if (!busy) void drain();
});

async function drain() {
  busy = true;
  while (queue.length > 0) {
    const job = queue.shift();
    let reply;
    try {
      const value = job.json ? JSON.parse(job.text) : parse(job.text, { maxAliasCount: 100 });
      job.text = undefined;
      const result = await validate(value, { validate: { errors: { colorize: false } } });
      reply = { file: job.file, errors: result.valid ? [] : result.errors.map((e) => e.message) };
    } catch (e) {
      reply = { file: job.file, errors: [], thrown: String((e && e.message) || e) };
    }
    parentPort.postMessage(reply);
  }
  busy = false;
}
