// Options shared by several commands.
import { Option } from 'commander';
import { parseInteger } from './parse-number';
import { BACKEND_NAMES } from './train-options';

/** A parser of whole numbers >= min (and <= max, if given) for commander. */
export const int = (min: number, max?: number) => (text: string) => parseInteger(text, min, max);

/** `--backend <name>`, one of BACKEND_NAMES. */
export function backendOption(): Option {
  return new Option(
    '--backend <name>',
    'compute backend (default: the fastest available, wasm in Node)',
  ).choices(BACKEND_NAMES);
}
