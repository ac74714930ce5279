// A committee's warnings to acknowledge. A committee clerk (often on a phone) lands on the
// page to confirm that each weather warning reaching the committee has been received: here are
// the live warnings whose area names this committee, newest first, each with its signal, time
// and SMS text, and either a big 确认收到 button (POST /warnings/{id}/ack, optional note) or when
// it was acknowledged. Shown above the map and panels, for the committee role only.
//
// Which warnings: the desk's list (app.warnings, refreshed on every /events burst), so that a
// warning.issued appears and a cancelled one greys out without any timer of this module's own;
// one that ended before this screen showed it is never shown. Whether acknowledged: GET
// /warnings/{id}/deliveries (this committee's row), the ack answer and delivery.acked events;
// an acknowledgement is never taken back.
import { can, get, has, listOf, post, session } from './api.js';
import { errorText, h, replace, unavailable } from './dom.js';
import { shortTime, timeOfDay } from './beijing-time.js';
import { LEVELS, isDrill, signalTitle } from './vocabulary.js';
import { isLive } from './warnings-panel.js';
import { normaliseDelivery } from './ack-board.js';

const MARK = '【演练】';
const ENDED = { cancelled: '已解除', expired: '已过期', moved: '已不含本片区' };
const enc = encodeURIComponent;

export function createCommitteeWarnings(container, app) {
  const shown = new Map(); // warning id -> {w, ended, input, busy, el, sig}
  const details = new Map(); // warning id -> the warning as GET /warnings/{id} renders it (texts, history)
  const acks = new Map(); // warning id -> {at, note}: this committee's acknowledgement
  let generation = 0; // bumped when another person logs in: late answers for the last one are dropped

  const heading = h('h2', {});
  const message = h('p', { class: 'message', role: 'status', 'aria-live': 'polite' });
  const list = h('div', { class: 'committee-warning-list' });
  const empty = h('p', { class: 'empty' }, '当前没有需要本片区确认的预警');
  let skeleton = false;

  const say = (text, kind = 'ok') => { message.textContent = text; message.dataset.kind = kind; };
  const me = () => (session.principal?.role === 'committee' ? session.principal.subject : null);
  const targetsMe = (w) => Boolean(me()) && (w?.area?.committees || []).includes(me());

  function setAck(id, at, note) {
    if (!at || acks.has(id)) return; // the first acknowledgement stands; duplicates answer with it anyway
    acks.set(id, { at, note: note || '' });
  }

  function setDetail(w) {
    const known = details.get(w.id);
    if (known && Date.parse(known.updated_at) > Date.parse(w.updated_at)) return; // a replayed older event
    details.set(w.id, w);
  }

  // Texts and history (GET /warnings/{id}) and this committee's delivery record.
  async function load(id, { detail = !details.has(id) } = {}) {
    const gen = generation;
    const jobs = [];
    if (detail) {
      jobs.push(get(`/warnings/${enc(id)}`).then((w) => { if (gen === generation) setDetail(w); }).catch(() => {}));
    }
    // Without the delivery records (an older server), the ack answer and delivery.acked events
    // (replayed from the start of the server's history for a committee) still tell.
    if (can('GET', '/warnings/{id}/deliveries')) {
      jobs.push(get(`/warnings/${enc(id)}/deliveries`).then((data) => {
        if (gen !== generation) return;
        const mine = listOf(data, 'recipients', 'deliveries').map(normaliseDelivery).find((d) => d.committee === me());
        if (mine?.acked && mine.acked !== true) setAck(id, mine.acked, mine.ackNote);
      }).catch(() => {}));
    }
    await Promise.all(jobs);
    if (gen === generation) render();
  }

  async function ack(e) {
    if (e.busy) return;
    const { w } = e;
    const gen = generation;
    e.busy = true;
    render();
    const note = e.input.value.trim();
    try {
      const answer = await post(`/warnings/${enc(w.id)}/ack`, note ? { note } : {});
      if (gen !== generation) return;
      setAck(w.id, answer.acked_at, answer.note);
      const title = `${isDrill(w) ? MARK : ''}${signalTitle(w)}`;
      say(answer.duplicate ? `${title}此前已确认（${timeOfDay(answer.acked_at)}）` : `已确认收到${title}（${timeOfDay(answer.acked_at)}）`);
    } catch (err) {
      if (gen !== generation) return;
      say(errorText(err), 'error');
    }
    e.busy = false;
    render();
  }

  function card(e) {
    const { w } = e;
    const d = details.get(w.id);
    const drill = isDrill(w);
    const level = LEVELS[w.level];
    const done = acks.get(w.id);
    let text = d?.texts?.sms || d?.texts?.headline || w.headline || signalTitle(w);
    if (drill && !text.startsWith(MARK)) text = MARK + text;
    const issued = d?.history?.find((x) => x.action === 'issue')?.at || w.sent;
    const updated = w.state === 'updated' ? w.sent : null;
    const sig = JSON.stringify([w.type, w.level, w.status, w.expires, text, issued, updated, done, e.ended, e.busy]);
    if (e.el && e.sig === sig) return e.el; // unchanged: keep the node, and the focus of its note field
    e.sig = sig;
    e.input ??= h('input', { id: `warning-note-${w.id}`, maxlength: 500, placeholder: '备注（可选），如：已转发至各社区', autocomplete: 'off' });
    let action;
    if (done) {
      action = h('p', { class: 'done', 'data-testid': 'warning-acked-at' }, `✓ 已确认 ${timeOfDay(done.at)}`, done.note ? `：${done.note}` : '');
    } else if (e.ended) {
      action = h('p', { class: 'hint' }, '未确认，预警已不再生效');
    } else {
      action = h('form', { class: 'ack-form', onsubmit: (ev) => { ev.preventDefault(); ack(e); } },
        h('label', { for: e.input.id, class: 'sr-only' }, '备注（可选）'), e.input,
        h('button', { type: 'submit', class: 'primary', 'data-action': 'warning-ack', disabled: e.busy }, drill ? '确认收到（演练）' : '确认收到'));
    }
    e.el = h('article', {
      class: `committee-warning level-${w.level}${drill ? ' drill' : ''}${e.ended ? ' ended' : ''}`,
      'data-warning-id': w.id, 'data-status': w.status, 'data-acked': done ? 'true' : 'false', 'data-ended': e.ended || 'false',
      style: `--level-colour: ${level?.colour || '#999'}`,
    },
    h('h3', {}, drill ? h('span', { class: 'drill-tag' }, MARK) : null, signalTitle(w),
      e.ended ? h('span', { class: 'ended-badge' }, ENDED[e.ended]) : null,
      h('span', { class: 'level-chip' }, level ? `${level.name} ${level.grade}` : w.level)),
    h('p', { class: 'when' }, `发布 ${shortTime(issued)}`, updated ? `，更新 ${shortTime(updated)}` : '', w.expires ? ` · 至 ${shortTime(w.expires)}` : ''),
    h('p', { class: 'sms' }, text),
    action);
    return e.el;
  }

  // Live before ended; actual before exercise (a drill never pushes a real warning down); newest first.
  function order(a, b) {
    return Boolean(a.ended) - Boolean(b.ended) || isDrill(a.w) - isDrill(b.w)
      || (Date.parse(b.w.sent) || 0) - (Date.parse(a.w.sent) || 0);
  }

  function render() {
    const code = me();
    if (!code) {
      container.hidden = true;
      skeleton = false;
      return replace(container);
    }
    container.hidden = false;
    if (!has('POST', '/warnings/{id}/ack') || !has('GET', '/warnings')) {
      skeleton = false;
      return replace(container, h('h2', {}, '预警确认'), unavailable('预警确认'));
    }
    if (!skeleton) {
      replace(container, heading, message, list);
      skeleton = true;
    }

    for (const w of app.warnings) {
      const e = shown.get(w.id);
      if (!e) {
        if (isLive(w) && targetsMe(w)) {
          shown.set(w.id, { w });
          load(w.id);
        }
      } else if (!e.ended) {
        if (!targetsMe(w)) e.ended = 'moved';
        else if (!isLive(w)) e.ended = w.state === 'cancelled' ? 'cancelled' : 'expired';
        else e.w = w; // updated: new level, expiry, time
      }
    }
    // Expired by the clock between two refreshes.
    for (const e of shown.values()) if (!e.ended && !isLive(e.w)) e.ended = 'expired';

    const entries = [...shown.values()].sort(order);
    const waiting = entries.filter((e) => !e.ended && !acks.has(e.w.id)).length;
    replace(heading, '预警确认 · ', app.committeeNames.get(code) || code,
      waiting ? h('span', { class: 'pending-count', 'data-testid': 'pending-count' }, `待确认 ${waiting}`) : null);

    const focused = document.activeElement;
    const nodes = entries.length ? entries.map(card) : [empty];
    const same = nodes.length === list.children.length && nodes.every((n, i) => list.children[i] === n);
    if (!same) list.replaceChildren(...nodes);
    // A card rebuilt while its note was being typed: keep the typing (and a phone's keyboard) going.
    if (focused && focused !== document.activeElement && focused.isConnected) focused.focus({ preventScroll: true });
  }

  function onEvent(type, envelope) {
    if (!me()) return;
    const data = envelope?.data || {};
    if (type === 'delivery.acked') {
      if (data.recipient !== me() || !data.warning_id) return;
      setAck(data.warning_id, envelope.at, data.note);
      if (shown.has(data.warning_id)) render();
    } else if (type.startsWith('warning.') && data.id) {
      if (['issued', 'updated'].includes(data.state) && data.texts) setDetail(data);
      const e = shown.get(data.id);
      if (!e) return; // a new warning appears with the desk's next refresh of the list
      if (!e.ended && (type === 'warning.cancelled' || type === 'warning.expired')) {
        e.ended = type === 'warning.cancelled' ? 'cancelled' : 'expired';
      }
      render();
    } else if (type === 'gap') {
      // Events were lost: read the delivery records again.
      for (const [id, e] of shown) if (!e.ended) load(id, { detail: true });
    }
  }

  // Another person logged in (or out): nothing of the last one's stays.
  function reset() {
    generation += 1;
    shown.clear();
    details.clear();
    acks.clear();
    say('');
    render();
  }

  return { render, onEvent, reset };
}
