// GET /events read with fetch rather than EventSource, because the stream needs the bearer
// token in a header. Reconnects with Last-Event-ID so that nothing still in the server's history
// is lost across a dropped connection.
import { session } from './api.js';

// since: an event id to start after ('0': everything still in the server's history), for a
// screen that must see what was sent to it before it connected; by default only new events.
export function connectEvents({ onEvent, onState, since = '' }) {
  let lastId = since;
  let stopped = false;
  let controller = null;

  async function once() {
    controller = new AbortController();
    const headers = { Accept: 'text/event-stream' };
    if (session.token) headers.Authorization = `Bearer ${session.token}`;
    if (lastId) headers['Last-Event-ID'] = lastId;
    const res = await fetch('/events', { headers, signal: controller.signal });
    if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
    onState('live');
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value.replace(/\r\n?/g, '\n');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let type = 'message';
        let data = '';
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) continue;
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const val = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'id') lastId = val;
          else if (field === 'event') type = val;
          else if (field === 'data') data += (data ? '\n' : '') + val;
        }
        if (!data && type === 'message') continue;
        let parsed = data;
        try { parsed = JSON.parse(data); } catch { /* plain text event */ }
        onEvent(type, parsed);
      }
    }
  }

  (async () => {
    let delay = 1000;
    while (!stopped) {
      try {
        await once();
        delay = 1000;
      } catch {
        if (stopped) break;
      }
      if (stopped) break;
      onState('reconnecting');
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 15000);
    }
  })();

  return { stop() { stopped = true; controller?.abort(); } };
}
