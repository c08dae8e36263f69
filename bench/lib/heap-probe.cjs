/**
 * Preloaded into the server by bench/soak.mjs (`NODE_OPTIONS=--require …`): every second,
 * writes `process.memoryUsage()` as JSON to the file named by BENCH_HEAP_PROBE_FILE, so the
 * soak can read the V8 heap from outside without any endpoint in the application. The timer
 * is unref'd: it never keeps the process alive or delays its shutdown.
 */
const fs = require('node:fs');

const file = process.env.BENCH_HEAP_PROBE_FILE;
if (file) {
  const write = () => {
    try {
      fs.writeFileSync(file, JSON.stringify({ at: Date.now(), ...process.memoryUsage() }));
    } catch {
      // The soak reads what it can; a failed write only leaves the previous reading.
    }
  };
  write();
  setInterval(write, 1000).unref();
}
