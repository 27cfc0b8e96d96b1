#!/usr/bin/env node
import { commands } from './commands';
import { processIo } from './io';
import { runCli } from './program';

// Our results go to stdout through io.out only; libraries that console.log (tfjs notices) must not pollute
// stdout, or `--json` output would stop being valid JSON.
console.log = console.error;
console.info = console.error;

process.exitCode = await runCli(process.argv.slice(2), processIo(), commands);
