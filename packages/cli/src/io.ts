/** Where a command writes: stdout carries results (only the JSON summary with --json), stderr carries logs. */
export interface Io {
  /** Writes to standard output. */
  out(text: string): void;
  /** Writes to standard error (progress, logs, errors). */
  err(text: string): void;
  /** True when stderr is a terminal, so a live progress bar can redraw in place. */
  readonly isTTY: boolean;
  /** The stream a progress bar draws on (process.stderr in Node); absent in tests. */
  readonly progressStream?: NodeJS.WritableStream;
}

/** The process's own streams. */
export function processIo(): Io {
  return {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
    isTTY: process.stderr.isTTY === true,
    progressStream: process.stderr,
  };
}

/** An Io that records what was written, for tests and for callers embedding the CLI. */
export interface BufferIo extends Io {
  /** Everything written to stdout so far. */
  readonly stdout: string;
  /** Everything written to stderr so far. */
  readonly stderr: string;
}

/** Creates an Io that keeps stdout and stderr in memory. */
export function bufferIo(): BufferIo {
  let stdout = '';
  let stderr = '';
  return {
    out: (text) => {
      stdout += text;
    },
    err: (text) => {
      stderr += text;
    },
    isTTY: false,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
  };
}
