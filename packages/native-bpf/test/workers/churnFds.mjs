// Opens and closes /dev/null as fast as it can until told to stop, checking
// each fd it holds is still its own: a close() elsewhere in the process that
// hits an fd number it did not open shows up here.
import { closeSync, fstatSync, openSync, statSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';

const flags = new Int32Array(workerData.flags);
const devNull = statSync('/dev/null');
let rounds = 0;
const problems = [];
parentPort.postMessage({ started: true });
while (Atomics.load(flags, 0) === 0 && problems.length < 10) {
  const fd = openSync('/dev/null', 'r');
  rounds++;
  try {
    const s = fstatSync(fd);
    if (s.ino !== devNull.ino || s.dev !== devNull.dev) problems.push(`fd ${fd} became something else`);
  } catch (err) {
    problems.push(`fd ${fd}: ${err.code}`);
  }
  try {
    closeSync(fd);
  } catch (err) {
    problems.push(`closing fd ${fd}: ${err.code}`);
  }
}
parentPort.postMessage({ rounds, problems });
