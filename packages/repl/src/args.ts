// Command-line arguments of `flint-sql`.

export type OutputMode = 'table' | 'box' | 'csv' | 'json';
export const OUTPUT_MODES: readonly OutputMode[] = ['table', 'box', 'csv', 'json'];

export interface CliOptions {
  /** SQL text given with -e (may hold several statements). */
  readonly execute: string | null;
  /** A file of statements given with -f. */
  readonly file: string | null;
  readonly mode: OutputMode;
  /** `--conf k=v` pairs, in order. */
  readonly conf: readonly (readonly [string, string])[];
  /** Register the sample tables (employees, departments, sales). */
  readonly samples: boolean;
  /** Keep going after a failed statement in -e / -f. */
  readonly continueOnError: boolean;
  /** Rows shown by the table and box modes. */
  readonly maxRows: number;
  /** Suppress the "Time taken" lines. */
  readonly silent: boolean;
}

export type ParsedArgs =
  | { readonly kind: 'run'; readonly options: CliOptions }
  | { readonly kind: 'help' }
  | { readonly kind: 'error'; readonly message: string };

export const USAGE = `usage: flint-sql [options]

  -e "SQL"            run the statement(s) and exit
  -f FILE             run the statements of FILE and exit
  --mode MODE         output: table (Spark's show(), the default), box, csv or json
  --conf KEY=VALUE    set a SQL configuration (repeatable), e.g. --conf spark.sql.ansi.enabled=false
  --max-rows N        rows shown in table and box mode (default 20)
  --continue          with -e / -f, keep going after a failed statement
  --no-samples        do not register the sample tables (employees, departments, sales)
  -S, --silent        do not print "Time taken" lines
  -h, --help          this help

Without -e or -f, starts an interactive shell: end a statement with ';', Ctrl-C clears the input,
Ctrl-D exits.`;

export function parseCliArgs(argv: readonly string[]): ParsedArgs {
  let execute: string | null = null;
  let file: string | null = null;
  let mode: OutputMode = 'table';
  const conf: [string, string][] = [];
  let samples = true;
  let continueOnError = false;
  let maxRows = 20;
  let silent = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    // Accept both `--opt value` and `--opt=value`.
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : null;
    const value = (): string | null => {
      if (inline !== null) return inline;
      const v = argv[i + 1];
      if (v === undefined) return null;
      i++;
      return v;
    };
    switch (name) {
      case '-h':
      case '--help':
        return { kind: 'help' };
      case '-e':
      case '--execute': {
        const v = value();
        if (v === null) return { kind: 'error', message: `${name} needs a SQL statement` };
        execute = v;
        break;
      }
      case '-f':
      case '--file': {
        const v = value();
        if (v === null) return { kind: 'error', message: `${name} needs a file name` };
        file = v;
        break;
      }
      case '--mode': {
        const v = value();
        if (v === null || !(OUTPUT_MODES as readonly string[]).includes(v))
          return { kind: 'error', message: `--mode must be one of ${OUTPUT_MODES.join(', ')}` };
        mode = v as OutputMode;
        break;
      }
      case '--conf': {
        const v = value();
        const at = v?.indexOf('=') ?? -1;
        if (v === null || at <= 0) return { kind: 'error', message: '--conf needs KEY=VALUE' };
        conf.push([v.slice(0, at).trim(), v.slice(at + 1).trim()]);
        break;
      }
      case '--max-rows': {
        const v = value();
        const n = v === null ? NaN : Number(v);
        if (!Number.isInteger(n) || n < 0)
          return { kind: 'error', message: '--max-rows needs a whole number' };
        maxRows = n;
        break;
      }
      case '--continue':
        continueOnError = true;
        break;
      case '--no-samples':
        samples = false;
        break;
      case '-S':
      case '--silent':
        silent = true;
        break;
      default:
        return { kind: 'error', message: `unknown option: ${arg}` };
    }
  }
  if (execute !== null && file !== null) return { kind: 'error', message: 'give -e or -f, not both' };
  return { kind: 'run', options: { execute, file, mode, conf, samples, continueOnError, maxRows, silent } };
}
