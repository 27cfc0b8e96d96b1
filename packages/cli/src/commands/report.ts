import path from 'node:path';
import type { Io } from '../io';
import { type ReportFiles, writeRunReport } from '../run-report';
import type { ReportOptions } from './options';

/** `aecnn report DIR`: (re)writes report.html and the pictures from the run folder's saved files. */
export async function reportCommand(options: ReportOptions, io: Io): Promise<ReportFiles> {
  const files = await writeRunReport(path.resolve(options.dir));
  io.out(`${files.report}\n`);
  return files;
}
