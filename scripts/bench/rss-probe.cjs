// Loaded into every node process of a benchmarked command (NODE_OPTIONS=--require): on exit, appends the
// process's peak resident memory in bytes to the file named by BENCH_RSS_FILE.
'use strict';
const fs = require('node:fs');

process.on('exit', () => {
  if (process.env.BENCH_RSS_FILE)
    fs.appendFileSync(process.env.BENCH_RSS_FILE, `${process.resourceUsage().maxRSS * 1024}\n`);
});
