import { describe, expect, it } from 'vitest';
import type {
  BenchOptions,
  Commands,
  EvalOptions,
  ExportOptions,
  GenerateOptions,
  ReportOptions,
  ResumeOptions,
} from './commands/options';
import { bufferIo } from './io';
import { runCli } from './program';
import type { TrainOptions } from './train-options';

/** Runs the parser with commands that only record what they were given. */
async function parse(argv: string[]) {
  const calls: {
    train?: TrainOptions;
    resume?: ResumeOptions;
    eval?: EvalOptions;
    report?: ReportOptions;
    export?: ExportOptions;
    bench?: BenchOptions;
    generate?: GenerateOptions;
  } = {};
  const commands: Commands = {
    train: async (o) => {
      calls.train = o;
    },
    resume: async (o) => {
      calls.resume = o;
    },
    eval: async (o) => {
      calls.eval = o;
    },
    report: async (o) => {
      calls.report = o;
    },
    export: async (o) => {
      calls.export = o;
    },
    bench: async (o) => {
      calls.bench = o;
    },
    generate: async (o) => {
      calls.generate = o;
    },
  };
  const io = bufferIo();
  const code = await runCli(argv, io, commands);
  return { code, calls, stdout: io.stdout, stderr: io.stderr };
}

describe('aecnn train options', () => {
  it('fills the documented defaults', async () => {
    const { code, calls } = await parse(['train']);
    expect(code).toBe(0);
    expect(calls.train).toEqual({
      model: 'fusion',
      data: { kind: 'mnist' },
      strategy: 'joint',
      denoise: false,
      epochs: 5,
      batchSize: 64,
      lr: 0.001,
      seed: 1,
      json: false,
    });
  });

  it('parses every option', async () => {
    const { code, calls } = await parse(
      'train --model autoencoder --data idx:/d --test-data idx:/t --denoise --epochs 7 --batch-size 32 --lr 0.01 --latent 8 --backend cpu --seed 0 --out /o --limit 500 --json'.split(
        ' ',
      ),
    );
    expect(code).toBe(0);
    expect(calls.train).toEqual({
      model: 'autoencoder',
      data: { kind: 'idx', path: '/d' },
      testData: { kind: 'idx', path: '/t' },
      strategy: 'joint',
      denoise: true,
      epochs: 7,
      batchSize: 32,
      lr: 0.01,
      latent: 8,
      backend: 'cpu',
      seed: 0,
      out: '/o',
      limit: 500,
      json: true,
    });
  });

  it('parses --model unet --noise and --model vae --latent --beta; the noise is stored with its level', async () => {
    const unet = await parse(['train', '--model', 'unet', '--noise', 'saltPepper']);
    expect(unet.calls.train).toMatchObject({ model: 'unet', noise: 'saltPepper:0.1', denoise: false });
    const vae = await parse(['train', '--model', 'vae', '--latent', '2', '--beta', '0.5']);
    expect(vae.calls.train).toMatchObject({ model: 'vae', latent: 2, beta: 0.5 });
  });

  it('accepts --labels and --strategy pretrain for fusion', async () => {
    const { calls } = await parse(['train', '--labels', '100', '--strategy', 'pretrain']);
    expect(calls.train).toMatchObject({ model: 'fusion', labels: 100, strategy: 'pretrain' });
  });

  it.each([
    [
      ['--epochs', '0'],
      "option '--epochs <n>' argument '0' is invalid. expected a whole number >= 1, got '0'.",
    ],
    [['--epochs', '2.5'], 'expected a whole number >= 1'],
    [['--batch-size', 'big'], "--batch-size <n>' argument 'big' is invalid"],
    [['--lr', '-1'], 'expected a number > 0'],
    [['--seed', '-3'], 'expected a whole number >= 0'],
    [['--labels', '0'], 'expected a whole number >= 1'],
    [
      ['--model', 'resnet'],
      'Allowed choices are fusion, autoencoder, cnn, article-fusion, article-autoencoder, article-cnn, unet, vae',
    ],
    [['--backend', 'cuda'], 'Allowed choices are wasm, cpu, webgl, webgpu'],
    [['--strategy', 'late'], 'Allowed choices are joint, pretrain'],
    [['--data', 'mnist.csv'], 'expected mnist | idx:DIR | csv:FILE | images:DIR'],
    [['--test-data', 'idx:'], 'expected mnist | idx:DIR | csv:FILE | images:DIR'],
    [['--epoch', '3'], "unknown option '--epoch'"],
    [['--noise', 'speckle:0.2'], 'expected gaussian[:STD], saltPepper[:RATE] or mask[:RATE]'],
    [['--noise', 'mask:2'], "'mask:2': mask rate must be a number in (0, 1), got 2."],
    [['--noise', 'gaussian:'], "expected gaussian[:STD], saltPepper[:RATE] or mask[:RATE], got 'gaussian:'"],
    [['--beta', '-1'], "expected a number >= 0 such as 1 or 0.5, got '-1'."],
  ])('rejects %j with a message naming what is accepted', async (args, message) => {
    const { code, calls, stderr, stdout } = await parse(['train', ...args]);
    expect(code).toBe(2);
    expect(calls.train).toBeUndefined();
    expect(stderr).toContain(message);
    expect(stdout).toBe('');
  });

  it('suggests the closest option for a typo and points to --help', async () => {
    const { stderr } = await parse(['train', '--epoch', '3']);
    expect(stderr).toContain('Did you mean --epochs?');
    expect(stderr).toContain('--help');
  });

  it.each([
    [['--model', 'autoencoder', '--labels', '100'], '--labels 100: the autoencoder model has no classifier'],
    [
      ['--model', 'cnn', '--strategy', 'pretrain'],
      '--strategy pretrain needs a model with both a decoder and a classifier',
    ],
    [['--model', 'article-cnn', '--denoise'], '--denoise needs a model that reconstructs images'],
    [
      ['--model', 'article-fusion', '--latent', '8'],
      '--latent applies to the autoencoder, fusion and vae models only',
    ],
    [['--model', 'unet', '--latent', '8'], "a U-Net's bottleneck is a feature map), got --model unet."],
    [['--model', 'fusion', '--beta', '2'], '--beta weights the KL term of a VAE; it needs --model vae'],
    [['--model', 'cnn', '--noise', 'mask'], '--noise mask:0.25 needs a model that reconstructs images'],
    [['--model', 'unet', '--labels', '10'], '--labels 10: the unet model has no classifier'],
    [['--model', 'vae', '--strategy', 'pretrain'], '--strategy pretrain needs a model with both'],
    [['--data', 'csv:x.csv', '--test-data', 'mnist'], '--test-data mnist is the held-out split'],
  ])('rejects the combination %j', async (args, message) => {
    const { code, calls, stderr } = await parse(['train', ...args]);
    expect(code).toBe(2);
    expect(calls.train).toBeUndefined();
    expect(stderr).toContain(message);
  });

  it('--resume takes only --json and --backend besides the folder', async () => {
    const ok = await parse(['train', '--resume', 'runs/a', '--json', '--backend', 'cpu']);
    expect(ok.code).toBe(0);
    expect(ok.calls.resume).toEqual({ dir: 'runs/a', backend: 'cpu', json: true });
    const bad = await parse(['train', '--resume', 'runs/a', '--epochs', '9', '--batch-size', '8']);
    expect(bad.code).toBe(2);
    expect(bad.calls.resume).toBeUndefined();
    expect(bad.stderr).toContain('drop --epochs, --batch-size');
  });
});

describe('aecnn eval, report and help', () => {
  it('parses generate with its defaults, and requires --model and --out', async () => {
    const { code, calls } = await parse(['generate', '--model', 'runs/v', '--out', 'g.png']);
    expect(code).toBe(0);
    expect(calls.generate).toEqual({ model: 'runs/v', out: 'g.png', n: 64, seed: 1, prior: 'auto' });
    const some = await parse([
      ...['generate', '--model', 'runs/v', '--out', 'g.png', '--n', '9', '--seed', '4', '--prior', 'normal'],
    ]);
    expect(some.calls.generate).toEqual({ model: 'runs/v', out: 'g.png', n: 9, seed: 4, prior: 'normal' });
    const prior = await parse(['generate', '--model', 'runs/v', '--out', 'g.png', '--prior', 'gmm']);
    expect(prior.code).toBe(2);
    expect(prior.stderr).toContain(
      "option '--prior <kind>' argument 'gmm' is invalid. Allowed choices are auto, mixture, normal.",
    );
    const bad = await parse(['generate', '--model', 'runs/v']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("required option '--out <file>' not specified");
  });

  it('parses eval', async () => {
    const { code, calls } = await parse(['eval', '--model', 'runs/a', '--data', 'idx:/t', '--json']);
    expect(code).toBe(0);
    expect(calls.eval).toEqual({
      model: 'runs/a',
      data: { kind: 'idx', path: '/t' },
      batchSize: 256,
      json: true,
    });
  });

  it('eval requires --model', async () => {
    const { code, stderr } = await parse(['eval']);
    expect(code).toBe(2);
    expect(stderr).toContain("required option '--model <dir>' not specified");
  });

  it('report takes the run folder', async () => {
    const { code, calls } = await parse(['report', 'runs/a']);
    expect(code).toBe(0);
    expect(calls.report).toEqual({ dir: 'runs/a' });
    expect((await parse(['report'])).stderr).toContain("missing required argument 'dir'");
  });

  it('parses export, whose format is layers and whose --model and --out are required', async () => {
    const { code, calls } = await parse(['export', '--model', 'runs/a', '--out', 'keras/a', '--softmax']);
    expect(code).toBe(0);
    expect(calls.export).toEqual({
      model: 'runs/a',
      format: 'layers',
      out: 'keras/a',
      softmax: true,
      force: false,
    });
    const picked = await parse(
      'export --model a --out b --outputs'.split(' ').concat('reconstruction, logits'),
    );
    expect(picked.calls.export).toMatchObject({ outputs: ['reconstruction', 'logits'] });
    const onnx = await parse('export --model a --out b --format onnx --opset 20 --force'.split(' '));
    expect(onnx.calls.export).toMatchObject({ format: 'onnx', opset: 20, force: true });
    const bad = await parse(['export', '--model', 'runs/a', '--out', 'x', '--format', 'keras']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("argument 'keras' is invalid. Allowed choices are layers, onnx.");
    expect((await parse(['export', '--model', 'runs/a'])).stderr).toContain("required option '--out <dir>'");
  });

  it('parses bench: backends and models as comma-separated lists, checked', async () => {
    expect((await parse(['bench'])).calls.bench).toEqual({
      backend: ['wasm', 'cpu'],
      quick: false,
      json: false,
    });
    const { calls } = await parse([
      'bench',
      '--backend',
      'wasm',
      '--models',
      'articleCnn,fusion',
      '--quick',
      '--json',
    ]);
    expect(calls.bench).toEqual({
      backend: ['wasm'],
      models: ['articleCnn', 'fusion'],
      quick: true,
      json: true,
    });
    const bad = await parse(['bench', '--backend', 'wasm,webgl']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown backend webgl; expected a comma-separated list of wasm, cpu');
  });

  it('prints help for every command on stdout and exits 0', async () => {
    for (const argv of [
      ['--help'],
      ['train', '--help'],
      ['eval', '--help'],
      ['report', '--help'],
      ['export', '--help'],
    ]) {
      const { code, stdout } = await parse(argv);
      expect(code).toBe(0);
      expect(stdout).toContain('Usage: aecnn');
    }
    expect((await parse(['train', '--help'])).stdout).toContain('--test-data <source>');
  });

  it('prints the version', async () => {
    const { code, stdout } = await parse(['--version']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('rejects an unknown command and lists the commands', async () => {
    const { code, stderr } = await parse(['trian']);
    expect(code).toBe(2);
    expect(stderr).toContain("unknown command 'trian'");
    expect(stderr).toContain('(Did you mean train?)');
  });
});
