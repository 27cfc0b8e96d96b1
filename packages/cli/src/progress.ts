import cliProgress from 'cli-progress';
import type { Io } from './io';

/** Where training is after one batch. Epochs and batches count from 1. */
export interface BatchProgress {
  readonly phase?: string;
  readonly epoch: number;
  readonly epochs: number;
  readonly batch: number;
  readonly batches: number;
  readonly loss: number;
  /** Accuracy on the validation images after the last finished epoch, when there is one. */
  readonly accuracy?: number;
  readonly imagesPerSecond: number;
  readonly etaSeconds: number;
}

/** The results of one finished epoch. */
export interface EpochProgress {
  readonly phase?: string;
  readonly epoch: number;
  readonly epochs: number;
  readonly metrics: Readonly<Record<string, number>>;
  readonly imagesPerSecond: number;
  readonly seconds: number;
}

/** Shows training progress: a live bar on a terminal, plain lines otherwise; always on stderr. */
export interface Progress {
  batch(p: BatchProgress): void;
  epoch(p: EpochProgress): void;
  /** A log line that does not break the bar. */
  log(line: string): void;
  /** Removes the bar; later output starts on a fresh line. */
  stop(): void;
}

/** Formats seconds as m:ss or h:mm:ss. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  const hh = Math.floor(s / 3600);
  const mm = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return hh > 0 ? `${hh}:${String(mm).padStart(2, '0')}:${ss}` : `${mm}:${ss}`;
}

/** One metric for humans: accuracies as percentages, the rest with four significant digits. */
export function formatMetric(name: string, value: number): string {
  if (/acc/i.test(name)) return `${name} ${(100 * value).toFixed(1)}%`;
  return `${name} ${Number.isFinite(value) ? value.toPrecision(4) : String(value)}`;
}

function epochLine(p: EpochProgress): string {
  const phase = p.phase ? `${p.phase} ` : '';
  const metrics = Object.entries(p.metrics)
    .map(([k, v]) => formatMetric(k, v))
    .join('  ');
  return `${phase}epoch ${p.epoch}/${p.epochs}  ${metrics}  ${Math.round(p.imagesPerSecond)} img/s  ${p.seconds.toFixed(1)}s\n`;
}

function batchPayload(p: BatchProgress) {
  return {
    phase: p.phase ? `${p.phase} ` : '',
    epoch: `${p.epoch}/${p.epochs}`,
    batch: `${p.batch}/${p.batches}`,
    loss: p.loss.toPrecision(4),
    acc: p.accuracy === undefined ? '' : ` val acc ${(100 * p.accuracy).toFixed(1)}%`,
    ips: Math.round(p.imagesPerSecond),
    etaText: formatDuration(p.etaSeconds),
  };
}

/** A live bar redrawn in place (cli-progress), for terminals. */
function barProgress(stream: NodeJS.WritableStream): Progress {
  const multi = new cliProgress.MultiBar(
    {
      stream,
      format: '{phase}epoch {epoch} |{bar}| batch {batch} loss {loss}{acc} {ips} img/s ETA {etaText}',
      barsize: 24,
      hideCursor: true,
      clearOnComplete: true,
      // NOTE: the ETA comes from the trainer (whole run), not from cli-progress (this epoch only).
      etaBuffer: 1,
    },
    cliProgress.Presets.shades_classic,
  );
  let bar: cliProgress.SingleBar | undefined;
  let barEpoch = '';
  return {
    batch(p) {
      const key = `${p.phase ?? ''}${p.epoch}`;
      if (!bar || key !== barEpoch) {
        if (bar) multi.remove(bar);
        bar = multi.create(p.batches, 0, batchPayload(p));
        barEpoch = key;
      }
      bar.update(p.batch, batchPayload(p));
    },
    // NOTE: MultiBar.log only buffers until the next redraw; update() flushes now, so that a line logged just
    // before stop() is not lost.
    epoch(p) {
      multi.log(epochLine(p));
      multi.update();
    },
    log(line) {
      multi.log(line.endsWith('\n') ? line : `${line}\n`);
      multi.update();
    },
    stop() {
      multi.stop();
    },
  };
}

/** Plain lines for logs and pipes: one per epoch, plus a batch line at most every `everySeconds`. */
export function lineProgress(write: (text: string) => void, everySeconds = 10): Progress {
  let last = Date.now();
  return {
    batch(p) {
      const now = Date.now();
      if (now - last < everySeconds * 1000) return;
      last = now;
      const b = batchPayload(p);
      write(
        `${b.phase}epoch ${b.epoch} batch ${b.batch} loss ${b.loss}${b.acc} ${b.ips} img/s ETA ${b.etaText}\n`,
      );
    },
    epoch(p) {
      last = Date.now();
      write(epochLine(p));
    },
    log(line) {
      write(line.endsWith('\n') ? line : `${line}\n`);
    },
    stop() {},
  };
}

/** The right progress display for this Io: a bar on a terminal, lines otherwise. */
export function createProgress(io: Io): Progress {
  if (io.isTTY && io.progressStream) return barProgress(io.progressStream);
  return lineProgress((text) => io.err(text));
}
