// Import direction, enforced (npm run deps; scripts/test.sh). Each folder of src/ sits in one
// layer and may import only from its own folder and from lower layers; nothing may import in a
// loop. The layers, bottom up (docs/architecture.md):
//   0 protocol, kernel   1 r1cs   2 rollup   3 proof   4 pool   5 l1   6 participant
//   7 net, store   8 workers (the pool's job registry and worker entry points)
//   9 bench (the runner's suites; the benchmark page runs its standard suite)
//   10 node, app, sim (top: nothing imports them)
const LAYERS = [
  ['protocol', 'kernel'],
  ['r1cs'],
  ['rollup'],
  ['proof'],
  ['pool'],
  ['l1'],
  ['participant'],
  ['net', 'store'],
  ['workers'],
  ['bench'],
  ['node', 'app', 'sim'],
];

const folder = (name) => (name === 'workers' ? '^workers/' : `^src/${name}/`);

/** For each folder: it must not import any folder of its own layer or above (other than itself). */
const layerRules = LAYERS.flatMap((layer, level) =>
  layer.map((name) => {
    const forbidden = LAYERS.slice(level)
      .flat()
      .filter((other) => other !== name)
      .map(folder);
    return {
      name: `layer-${name}`,
      comment: `${name} (layer ${level}) may import only lower layers: ${
        LAYERS.slice(0, level).flat().join(', ') || 'none of ours'
      }`,
      severity: 'error',
      from: { path: folder(name) },
      to: { path: forbidden.join('|') },
    };
  }),
);

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'Import loops, between folders or inside one, are not allowed.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-unlayered-folder',
      comment: 'Every folder of src/ belongs to a layer; add a new one to LAYERS first.',
      severity: 'error',
      from: { path: '^src/', pathNot: `^src/(${LAYERS.flat().join('|')})/` },
      to: {},
    },
    ...layerRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs'] },
  },
};
