/** The kvet command line: parses argv, runs one command, returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  process.stdout.write(`kvet: ${argv.join(' ')}\n`);
  return 0;
}
