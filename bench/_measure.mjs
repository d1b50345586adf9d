// Runs a CLI module in this process and reports its wall time and peak RSS (KiB) on stderr at exit.
import { pathToFileURL } from 'node:url';
const [script, ...args] = process.argv.slice(2);
process.argv = [process.argv[0], script, ...args];
const t0 = performance.now();
process.on('exit', () => {
  process.stderr.write(`\n@@measure ${JSON.stringify({ ms: performance.now() - t0, maxRssKiB: process.resourceUsage().maxRSS })}\n`);
});
await import(pathToFileURL(script).href);
