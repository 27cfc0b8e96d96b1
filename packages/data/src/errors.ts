/** A data file (or array) that is malformed; `file` names it, the message says what is wrong. */
export class DataFormatError extends Error {
  /** The file, URL or array name the problem was found in. */
  readonly file: string;

  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = 'DataFormatError';
    this.file = file;
  }
}

/** Formats an integer with thousands separators, so byte counts in errors are readable. */
export function fmt(n: number): string {
  return n.toLocaleString('en-US');
}
