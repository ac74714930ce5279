// The desk's alert chime, made at build time (build.mjs bundles it into the page as a data: URL,
// so no sound file is fetched or committed): two rising struck tones, 0.6 s, 8-bit mono PCM WAV.
// Pure: the same bytes on every build.
const RATE = 11025; // Hz; plenty for tones under 2.2 kHz, and keeps the bundle small (~6.6 KB)

function strike(samples, start, freq, seconds) {
  const from = Math.round(start * RATE);
  const n = Math.round(seconds * RATE);
  for (let i = 0; i < n && from + i < samples.length; i += 1) {
    const t = i / RATE;
    const attack = Math.min(1, t / 0.005); // 5 ms, no click
    const decay = Math.exp(-t * 7);
    // A bell-like tone: the fundamental with a little of the octave and the twelfth.
    const v = Math.sin(2 * Math.PI * freq * t) + 0.35 * Math.sin(4 * Math.PI * freq * t) + 0.15 * Math.sin(6 * Math.PI * freq * t);
    samples[from + i] += 0.55 * attack * decay * v;
  }
}

export function alertToneWav() {
  const seconds = 0.6;
  const samples = new Float64Array(Math.round(seconds * RATE));
  strike(samples, 0, 784, 0.3); // G5
  strike(samples, 0.2, 1047, 0.4); // C6
  const data = new Uint8Array(samples.length);
  for (let i = 0; i < samples.length; i += 1) {
    const fade = Math.min(1, (samples.length - i) / (0.02 * RATE)); // silent last sample
    data[i] = Math.max(0, Math.min(255, Math.round(128 + 127 * fade * Math.max(-1, Math.min(1, samples[i])))));
  }
  const wav = new Uint8Array(44 + data.length);
  const view = new DataView(wav.buffer);
  const text = (at, s) => [...s].forEach((c, i) => view.setUint8(at + i, c.charCodeAt(0)));
  text(0, 'RIFF'); view.setUint32(4, 36 + data.length, true); text(8, 'WAVE');
  text(12, 'fmt '); view.setUint32(16, 16, true); view.setUint16(20, 1, true); view.setUint16(22, 1, true); // PCM, mono
  view.setUint32(24, RATE, true); view.setUint32(28, RATE, true); view.setUint16(32, 1, true); view.setUint16(34, 8, true);
  text(36, 'data'); view.setUint32(40, data.length, true);
  wav.set(data, 44);
  return wav;
}
