import { benchCommand } from './bench';
import { evalCommand } from './eval';
import { experiment } from './experiment';
import { exportCommand } from './export';
import { generateCommand } from './generate';
import type { Commands } from './options';
import { reportCommand } from './report';
import { resume } from './resume';
import { train } from './train';

/** The real commands, as the `aecnn` binary runs them. */
export const commands: Commands = {
  train,
  resume,
  eval: evalCommand,
  report: reportCommand,
  export: exportCommand,
  generate: generateCommand,
  experiment,
  bench: benchCommand,
};
