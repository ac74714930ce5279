// Bundles the dashboard into dist/: dist/index.html plus content-hashed files under dist/static/
// (served by eoc with a one-year cache; index.html is never cached). Only npm packages from
// node_modules go in; nothing is fetched at run time.
import { build } from 'esbuild';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { alertToneWav } from './src/alert-tone.js';

const here = path.dirname(new URL(import.meta.url).pathname);
const dist = path.join(here, 'dist');
await rm(dist, { recursive: true, force: true });
await mkdir(path.join(dist, 'static'), { recursive: true });

// Sounds made at build time: `import tone from 'generated:alert-tone.wav'` is a data: URL (the
// server sends no audio types, and a 7 KB chime is best inside the bundle anyway).
const generatedSounds = {
  name: 'generated-sounds',
  setup(b) {
    const sounds = { 'alert-tone.wav': ['audio/wav', alertToneWav] };
    b.onResolve({ filter: /^generated:/ }, (args) => ({ path: args.path.slice('generated:'.length), namespace: 'generated' }));
    b.onLoad({ filter: /.*/, namespace: 'generated' }, (args) => {
      if (!sounds[args.path]) return { errors: [{ text: `no generated sound ${args.path}` }] };
      const [type, make] = sounds[args.path];
      // Written out rather than esbuild's dataurl loader, which would say audio/wave (not every browser's name).
      const url = `data:${type};base64,${Buffer.from(make()).toString('base64')}`;
      return { contents: `export default ${JSON.stringify(url)};`, loader: 'js' };
    });
  },
};

const result = await build({
  entryPoints: { app: path.join(here, 'src/main.js') },
  bundle: true,
  minify: true,
  sourcemap: true,
  format: 'esm',
  target: ['chrome110', 'firefox115'],
  outdir: path.join(dist, 'static'),
  entryNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  loader: { '.png': 'file', '.svg': 'file' },
  publicPath: '/static',
  metafile: true,
  plugins: [generatedSounds],
  logLevel: 'warning',
});

const outputs = Object.keys(result.metafile.outputs).map((p) => path.relative(dist, path.resolve(p)));
const js = outputs.find((p) => /^static\/app-.*\.js$/.test(p));
const css = outputs.find((p) => /^static\/app-.*\.css$/.test(p));
const html = (await readFile(path.join(here, 'index.html'), 'utf8')).replace('%JS%', `/${js}`).replace('%CSS%', `/${css}`);
await writeFile(path.join(dist, 'index.html'), html);

// Site settings (e.g. a Tianditu key) are the office's, not the repository's: web/site-config.json
// is git-ignored and optional; without it the map has no basemap tiles.
const siteConfig = path.join(here, 'site-config.json');
if (existsSync(siteConfig)) await copyFile(siteConfig, path.join(dist, 'static/site-config.json'));
else await writeFile(path.join(dist, 'static/site-config.json'), '{}\n');
console.log(`web: built ${outputs.length} files into dist/`);
