// Bundles web/src into web/dist: index.html + assets/app.js + assets/app.css (no CDN, everything local).
import * as esbuild from 'esbuild';
import { mkdirSync, copyFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));
const dist = join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
mkdirSync(join(dist, 'assets'), { recursive: true });
await esbuild.build({
  entryPoints: { app: join(root, 'src/main.ts') },
  bundle: true,
  minify: true,
  sourcemap: false,
  target: ['es2020'],
  format: 'iife',
  outdir: join(dist, 'assets'),
  logLevel: 'warning',
  legalComments: 'none',
});
copyFileSync(join(root, 'index.html'), join(dist, 'index.html'));
console.log('web/dist built');
