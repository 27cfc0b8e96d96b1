// The dependency check of `pnpm lint`: no import circle inside any package, and a package imports a sibling
// (@aecnn/*, aecnn) only if its package.json declares it, so the layering is the one the manifests state
// (backends at the bottom, then layers, data, ..., then cli, the playground, bench and the e2e tests).
// Type-only imports count: a circle of types is broken the same way, by a `*-types.ts` file both sides import.
const { readdirSync, readFileSync, existsSync } = require('node:fs');
const path = require('node:path');

/** Workspace package folders, relative to the root (the globs of pnpm-workspace.yaml). */
const DIRS = [
  ...['packages', 'apps'].flatMap((group) => readdirSync(group).map((d) => `${group}/${d}`)),
  'bench',
  'test',
].filter((dir) => existsSync(path.join(dir, 'package.json')));

const reEscape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

const PACKAGES = DIRS.map((dir) => {
  const json = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const declared = new Set(Object.keys({ ...json.dependencies, ...json.devDependencies }));
  return { dir, name: json.name, declared };
});

/** A sibling as an import resolves to it: its folder (once built) or its bare name (before a build). */
const target = (p) => `^(?:${reEscape(p.dir)}/|${reEscape(p.name)}(?:/|$))`;

/**
 * Reaches into a sibling that the manifest rules cannot express: the browser test reads the playground's page
 * contract (types only) by path, as an app is not a package one can depend on.
 */
const ALLOWED = { '@aecnn/e2e': ['^apps/playground/src/hook\\.ts$'] };

const undeclared = PACKAGES.flatMap((from) => {
  const banned = PACKAGES.filter((to) => to !== from && !from.declared.has(to.name));
  // NOTE: an empty `to.path` list would match every module.
  if (banned.length === 0) return [];
  return {
    name: `undeclared-sibling:${from.name}`,
    comment: `${from.name} imports a workspace package that its package.json does not list (only ${[...from.declared].filter((d) => PACKAGES.some((p) => p.name === d)).join(', ') || 'none'}); a lower package must not import a higher one`,
    severity: 'error',
    from: { path: `^${reEscape(from.dir)}/` },
    to: { path: banned.map(target), ...(ALLOWED[from.name] ? { pathNot: ALLOWED[from.name] } : {}) },
  };
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'An import circle inside a package: move what both sides need into a module of its own.',
      severity: 'error',
      from: { path: `^(?:${DIRS.map(reEscape).join('|')})/` },
      to: { circular: true },
    },
    {
      name: 'layers-ops-below-modules',
      comment:
        "@aecnn/layers' ops (src/ops: the training and inference kernels' callers and their gradients) sit below its module system: they use activations and the padding type, nothing else of it.",
      severity: 'error',
      from: { path: '^packages/layers/src/ops/', pathNot: '\\.test\\.ts$' },
      to: {
        path: '^packages/layers/src/',
        pathNot: ['^packages/layers/src/ops/', '^packages/layers/src/(activations|conv-shape)\\.ts$'],
      },
    },
    ...undeclared,
  ],
  options: {
    // Cruised from the sources (see `lint:deps`); built and generated files are reached, never followed.
    doNotFollow: { path: ['/dist/', '/generated/'] },
    exclude: { path: ['(^|/)node_modules/'] },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'types', 'default'],
      extensions: ['.ts', '.tsx', '.mts', '.js', '.mjs', '.cjs', '.d.ts'],
    },
    cache: false,
  },
};
