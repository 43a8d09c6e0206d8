/**
 * The kvet command line: parses argv, runs one command, returns the exit code.
 * Exit codes: 0 clean, 1 findings (or a model violation), 2 usage or input error.
 * Bad input never shows a stack trace: one line naming the input and the problem.
 */
import { Command, CommanderError, Option } from 'commander';
import type { LintCommandOptions } from './lint-command.js';
import { REPORTERS } from '../report/index.js';
import { PRESETS } from '../config/presets.js';

// Each command's module (and what it pulls in: rules, tree-sitter, the model checker) is loaded
// when that command runs, so `kvet lint` does not pay for the model and vice versa.

export const EXIT = { clean: 0, findings: 1, error: 2 } as const;

/** Commands registered here; any other first argument may be `model` (or help, or an error). */
const OTHER_COMMANDS: ReadonlySet<string> = new Set(['parse', 'lint', 'facts', 'xval', 'rules', 'explain']);

/** Where a command writes; injectable so tests capture output without a process. */
export interface Io {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  readonly stdin: NodeJS.ReadableStream;
  /** stdout is a terminal (colour, progress). */
  readonly isTTY?: boolean;
  /** stderr is a terminal: only then may progress be written there. */
  readonly stderrIsTTY?: boolean;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

const processIo: Io = {
  stdout: s => { process.stdout.write(s); },
  stderr: s => { process.stderr.write(s); },
  stdin: process.stdin,
  isTTY: process.stdout.isTTY === true,
  stderrIsTTY: process.stderr.isTTY === true,
};

/** Runs kvet with `argv` (without node and script) and returns the exit code. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  let code: number = EXIT.clean;
  const program = new Command('kvet')
    .description('Verify Linux kernel patches where they are reviewed: on mailing lists.')
    .version('0.1.0')
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError(false);

  program.command('parse')
    .description('Read patch mails, series, threads and web-archive pages; list messages, files and hunks.')
    .argument('<inputs...>', 'mbox, mail, format-patch file, web-archive text, .gz of any, or - for stdin')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (inputs: string[], opts: { format: 'text' | 'json' }) => {
      const { runParse } = await import('./parse-command.js');
      code = await runParse(inputs, opts, io);
    });

  program.command('lint')
    .description('Check patches for the defects kernel reviewers find.')
    .argument('<inputs...>', 'mbox, mail, format-patch file, web-archive text, .gz of any, or - for stdin')
    .option('--format <name[=file]>', `output format, repeatable; NAME=FILE writes that format to FILE (${Object.keys(REPORTERS).join(', ')})`, collect, [])
    .option('--all', 'also report what the patch did not introduce', false)
    .option('--config <file>', 'use this config instead of the nearest .kvet.json')
    .option('--no-config', 'ignore .kvet.json files')
    .option('--preset <name>', `rule preset (${Object.keys(PRESETS).join(', ')})`)
    .option('--quiet', 'report errors only', false)
    .option('--max-warnings <n>', 'fail only when there are more than N warnings (errors always fail)')
    .option('--no-exit-code', 'exit 0 whatever is found (2 still means an input could not be read)')
    .addOption(new Option('--color <when>', 'colour the text output').choices(['auto', 'always', 'never']).default('auto'))
    .option('--jobs <n>', 'analysis threads: auto or a number', '1')
    .option('--tree <dir>', 'apply the series to this kernel tree and analyse whole files')
    .option('--target-url <url>', 'link for CI checks (patchwork target_url)')
    .option('--context <name>', 'name of the check in CI systems', 'kvet')
    .action(async (inputs: string[], opts: Omit<LintCommandOptions, 'isTTY'>) => {
      const { runLint } = await import('./lint-command.js');
      code = await runLint(inputs, { ...opts, isTTY: io.isTTY ?? false }, io);
    });

  program.command('facts')
    .description('Print what kvet believes about each function the patches touch.')
    .argument('<inputs...>', 'mbox, mail, format-patch file, web-archive text, .gz of any, or - for stdin')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--function <name>', 'only this function')
    .option('--stats', 'parse-quality figures over the complete function definitions', false)
    .action(async (inputs: string[], opts: { format: 'text' | 'json'; function?: string; stats: boolean }) => {
      const { runFacts } = await import('./facts-command.js');
      code = await runFacts(inputs, opts, io);
    });

  // the model commands register their own subcommands: loaded unless another command is named
  if (!OTHER_COMMANDS.has(argv[0] ?? '')) {
    const { registerModelCommands } = await import('./model-command.js');
    registerModelCommands(program, { stdout: io.stdout, stderr: io.stderr, exit: c => { code = c; } });
  }

  program.command('xval')
    .description('Cross-validate the C of a series with the executable model: contracts and scenarios.')
    .argument('<inputs...>', 'mbox, mail, format-patch file, web-archive text, .gz of any, or - for stdin')
    .addOption(new Option('--model <model>', 'model').choices(['dcd']).default('dcd'))
    .addOption(new Option('--model-version <v>', 'model version (default: nearest to the series version)').choices(['v4', 'v7', 'v10', 'v11']))
    .addOption(new Option('--format <format>', 'output format (html: one page with findings and counterexamples as sequence diagrams; sarif: counterexamples as code flows)').choices(['text', 'json', 'html', 'sarif']).default('text'))
    .action(async (inputs: string[], opts: { format: 'text' | 'json' | 'html' | 'sarif'; model: string; modelVersion?: string }) => {
      // loaded on use: the model reader pulls in the TypeScript compiler (ts-morph)
      const { runXval } = await import('./xval-command.js');
      code = await runXval(inputs, opts, io);
    });

  program.command('rules')
    .description('List every rule with its category and one line.')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (opts: { format: 'text' | 'json' }) => {
      const { runRules } = await import('./rules-command.js');
      code = runRules(opts, io);
    });

  program.command('explain')
    .description('Print the documentation of one rule.')
    .argument('<rule>', 'rule id, as kvet rules lists it')
    .action(async (id: string) => {
      const { runExplain } = await import('./rules-command.js');
      code = runExplain(id, io);
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      // help and version are successful exits; everything else is a usage error
      return err.exitCode === 0 ? EXIT.clean : EXIT.error;
    }
    io.stderr(`kvet: internal error: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}\n`);
    return EXIT.error;
  }
  return code;
}
