// Runs the built `nn-designer` command in this process and reports its peak resident set size on
// exit (process.resourceUsage().maxRSS, in kB), for bench/cli-memory.bench.ts.
process.on('exit', () => process.stderr.write(`\nPEAK_RSS_KB ${process.resourceUsage().maxRSS}\n`));
await import(new URL('../out/cli/nn-designer.mjs', import.meta.url).href);
