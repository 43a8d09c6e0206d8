// Thin entry point: argv → src/cli/main.ts (no logic here).
import { writeFileSync } from 'node:fs';
import { main } from '../src/cli/main.js';

// A reader that stops early (`kvet parse … | head`) closes the pipe: stop quietly, as cat does.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

process.exitCode = await main(process.argv.slice(2));

// For the benchmark: peak RSS and CPU time of this run, written where KVET_RUSAGE_FILE says.
const rusageFile = process.env['KVET_RUSAGE_FILE'];
if (rusageFile) writeFileSync(rusageFile, JSON.stringify(process.resourceUsage()));
