// Thin entry point: argv → src/cli/main.ts (no logic here).
import { writeFileSync } from 'node:fs';
import { main } from '../src/cli/main.js';

process.exitCode = await main(process.argv.slice(2));

// For the benchmark: peak RSS and CPU time of this run, written where KVET_RUSAGE_FILE says.
const rusageFile = process.env['KVET_RUSAGE_FILE'];
if (rusageFile) writeFileSync(rusageFile, JSON.stringify(process.resourceUsage()));
