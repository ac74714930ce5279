// A real eoc for the browser tests: the built binary (EOC_BIN) serving the repository's plans,
// geodata and built dashboard on an ephemeral loopback port, with a fresh store in a temp dir.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');

function binary() {
  const bin = process.env.EOC_BIN;
  if (!bin) throw new Error('EOC_BIN must name the built eoc binary (ctest sets it)');
  return bin;
}

// config: settings for a --config file (e.g. {broadcast: {ack_deadline_blue_seconds: 2}}), for a
// suite that needs something to happen sooner than the defaults allow; plans: another plans
// folder (a suite's copy with one rule changed), default the repository's.
export async function startEoc({ config, plans } = {}) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'eoc-browser-'));
  const args = [
    'serve', '--listen', '127.0.0.1:0', '--data-dir', dataDir,
    '--plans', plans || path.join(repo, 'plans'), '--geodata', path.join(repo, 'geodata'), '--web', path.join(repo, 'web/dist'),
  ];
  if (config) {
    const file = path.join(dataDir, 'config.json');
    writeFileSync(file, JSON.stringify(config));
    args.push('--config', file);
  }
  const child = spawn(binary(), args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const baseUrl = await new Promise((resolve, reject) => {
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      const ready = stderr.match(/eoc: ready on (http:\/\/127\.0\.0\.1:\d+)\//);
      if (ready) resolve(ready[1]);
    });
    child.on('exit', (code) => reject(new Error(`eoc exited with ${code} before it was ready:\n${stderr}`)));
  });
  child.removeAllListeners('exit');
  return {
    baseUrl,
    dataDir,
    // A bearer token made the way an administrator makes one: the last line of `eoc token create`.
    token(role, { subject, name } = {}) {
      const args = ['token', 'create', '--role', role, '--data-dir', dataDir];
      if (subject) args.push('--subject', subject);
      if (name) args.push('--name', name);
      return execFileSync(binary(), args, { encoding: 'utf8' }).trim().split('\n').at(-1);
    },
    async api(method, route, token, body) {
      const headers = { Accept: 'application/json' };
      if (token) headers.Authorization = `Bearer ${token}`;
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      const res = await fetch(baseUrl + route, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${text}`);
      return text ? JSON.parse(text) : null;
    },
    async paths() {
      return Object.keys((await this.api('GET', '/api')).paths);
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
