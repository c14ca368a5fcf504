// Attaches a perf_event program to a new perf event and destroys the link,
// marking the span with getppid() calls, so strace can show every close() of
// the perf event's fd in between. Prints the fd.
import { readdirSync, readlinkSync } from 'node:fs';

const { Collection } = await import(new URL('../../dist/index.js', import.meta.url).href);
const c = Collection.load(process.argv[2]);
const perfFds = () => readdirSync('/proc/self/fd').filter((fd) => {
  try {
    return readlinkSync(`/proc/self/fd/${fd}`) === 'anon_inode:[perf_event]';
  } catch {
    return false;
  }
});
const before = new Set(perfFds());
const link = c.attachPerfEvent('on_sample', { cpu: 0, samplePeriod: 1e9 });
const fd = perfFds().find((f) => !before.has(f));
void process.ppid; // marker: destroy starts
link.close();
void process.ppid; // marker: destroy ended
c.close();
console.log(`perf event fd ${fd}`);
