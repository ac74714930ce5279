// eoc-fake-vendor as a WeCom group robot (it enforces WeCom's rules: the webhook key, message
// types, sizes, rate): it prints {"url"} when it serves and, on SIGTERM, what it accepted.
import { spawn } from 'node:child_process';

export function startWeCom({ key = 'k-browser' } = {}) {
  const bin = process.env.EOC_FAKE_VENDOR;
  if (!bin) throw new Error('EOC_FAKE_VENDOR must name the built eoc-fake-vendor (ctest sets it)');
  const child = spawn(bin, ['--kind', 'wecom', '--plain', '--key', key], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8');
  const ready = new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const line = out.split('\n')[0];
      if (out.includes('\n')) resolve(JSON.parse(line).url);
    });
    child.on('exit', (code) => reject(new Error(`eoc-fake-vendor exited with ${code}`)));
  });
  return {
    ready,
    // {accepted, answers, texts}
    async stop() {
      if (child.exitCode !== null) return null;
      child.removeAllListeners('exit');
      const ended = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      await ended;
      return JSON.parse(out.trim().split('\n').at(-1));
    },
  };
}
