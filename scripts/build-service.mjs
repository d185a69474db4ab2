// Bundles one service (run from its folder) into dist/main.js: its code and the
// workspace libs inlined, npm packages left to node_modules. One file per
// service starts fast and keeps idle memory low (ARCHITECTURE A10).
import { build } from 'esbuild';

await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/main.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  plugins: [
    {
      name: 'npm-packages-external',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) =>
          args.path.startsWith('@voucher/') ? undefined : { path: args.path, external: true },
        );
      },
    },
  ],
});
