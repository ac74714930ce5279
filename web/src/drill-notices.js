// Drill notices on a committee screen. A live drill without a weather signal sends each of its
// committees a notice (drill.notice on /events) instead of an exercise warning; the committee
// acknowledges it here (POST /drills/{id}/ack, optional note) and then sees when it did. Shown
// above the map and panels, so it is seen from any tab and on a phone, and marked 【演练】.
import { can, post, session } from './api.js';
import { errorText, h, replace } from './dom.js';
import { fullTime } from './beijing-time.js';

const MARK = '【演练】';

export function createDrillNotices(container) {
  const notices = new Map(); // drill id -> {drill, text, at, ackedAt, note, input, busy}
  const message = h('p', { class: 'message', role: 'status', 'aria-live': 'polite' });
  const say = (text, kind = 'ok') => { message.textContent = text; message.dataset.kind = kind; };
  const ours = (data) => session.principal?.role === 'committee' && data?.committee === session.principal.subject;

  function onEvent(type, envelope) {
    const data = envelope?.data || {};
    if (type === 'drill.notice' && ours(data)) {
      const n = notices.get(data.drill) || { drill: data.drill };
      notices.set(data.drill, Object.assign(n, { text: data.text, at: envelope.at }));
    } else if (type === 'drill.acked' && ours(data) && notices.has(data.drill)) {
      // Acknowledged from this screen or another one of the same committee.
      const n = notices.get(data.drill);
      n.ackedAt ??= envelope.at;
      n.note ??= data.note;
    } else if (type === 'drill.finished' && notices.has(data.id)) {
      notices.delete(data.id); // nothing left to acknowledge (and a replayed old drill stays away)
    } else {
      return;
    }
    render();
  }

  async function ack(n) {
    n.busy = true;
    render();
    const note = n.input.value.trim();
    try {
      const answer = await post(`/drills/${encodeURIComponent(n.drill)}/ack`, note ? { note } : {});
      n.ackedAt = answer.acked_at;
      n.note = answer.note;
      say(`${MARK}已确认收到演练通知（${fullTime(answer.acked_at)}）`);
    } catch (err) {
      say(errorText(err), 'error');
    }
    n.busy = false;
    render();
  }

  function notice(n) {
    n.input ??= h('input', { id: `drill-note-${n.drill}`, maxlength: 500, placeholder: '备注（可选），如：已转发至各社区' });
    const text = String(n.text || '');
    return h('article', { class: 'drill-notice', 'data-drill': n.drill, 'data-acked': n.ackedAt ? 'true' : 'false' },
      h('h3', {}, h('span', { class: 'drill-tag' }, MARK), '演练通知 ', h('span', { class: 'deadline' }, fullTime(n.at))),
      h('p', {}, text.startsWith(MARK) ? text : `${MARK}${text}`),
      n.ackedAt
        ? h('p', { class: 'done', 'data-testid': 'drill-acked-at' }, `✓ 已确认收到（演练） ${fullTime(n.ackedAt)}`, n.note ? `：${n.note}` : '')
        : h('form', { class: 'actions', onsubmit: (e) => { e.preventDefault(); ack(n); } },
          h('label', { for: n.input.id, class: 'sr-only' }, '备注（可选）'), n.input,
          h('button', { type: 'submit', class: 'primary', 'data-action': 'drill-ack', disabled: n.busy }, '确认收到（演练）')));
  }

  function render() {
    const shown = can('POST', '/drills/{id}/ack') && (notices.size || message.textContent);
    container.hidden = !shown;
    if (!shown) return replace(container);
    replace(container, message, [...notices.values()].map(notice));
  }

  // Another person logged in: their notices come from their own event stream.
  function reset() {
    notices.clear();
    say('');
    render();
  }

  return { onEvent, render, reset };
}
