// A writer for the durability tests: appends notes "<tag>:<seq>" to one incident and prints
// "ack <seq>" once each append has returned (written and fsync'd). Prints "ready" once loaded
// and starts on the first line from stdin, so several writers can start together. Stops after
// <count> appends, or never; with <pauseMs>, waits up to that long between appends, as separate
// commands would.
import { once } from 'node:events';
import { pathToFileURL } from 'node:url';

const [storeModule, dir, id, tag, count, pauseMs] = process.argv.slice(2);
const { IncidentStore } = await import(pathToFileURL(storeModule).href);
const store = new IncidentStore({ dir, author: tag });
const limit = count === undefined || count === 'forever' ? Infinity : Number(count);
process.stdout.write('ready\n');
await once(process.stdin, 'data');
process.stdin.pause();
for (let seq = 0; seq < limit; seq++) {
  await store.append(id, { type: 'note', text: `${tag}:${seq}` });
  // stdout to a pipe is synchronous on Linux, so the ack is out before the next append starts.
  process.stdout.write(`ack ${seq}\n`);
  if (pauseMs) await new Promise((resolve) => setTimeout(resolve, Math.random() * Number(pauseMs)));
}
