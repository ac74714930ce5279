// What needs the desk, heard and seen from any tab: a banner line per matter that stays until
// someone at this screen presses 知道了, a chime when one arrives (repeated every half minute while
// any is unanswered), and the count in the browser tab's title, so that a desk looking at another
// window still sees it. Fed by /events; on login and after lost events the open matters are read
// back from the API (open escalations, relay drafts), so a reload forgets nothing unanswered.
//
// Acknowledging here is this screen's "I have seen it"; it does not close the escalation (that is
// POST /escalations/{id}/close, a note saying what was done) nor issue the draft.
import { can, get, has, listOf, session } from './api.js';
import { h, replace } from './dom.js';
import { fullTime } from './beijing-time.js';
import { INCIDENT_TYPES, channelName, isDrill, signalTitle } from './vocabulary.js';
import { overdueText } from './duty-text.js';
import alertTone from 'generated:alert-tone.wav';

// One line per kind of event that needs the desk. event: its /events type; when: does this one
// qualify; may: who hears it (an endpoint the person may call); topic: what it is about (the
// same topic again updates the line; `again` brings an acknowledged one back); text: the banner's
// words; tab: where it is dealt with.
export const NEEDS_DESK = [
  { event: 'escalation.raised', may: ['GET', '/escalations'], topic: (d) => `ack:${d.warning_id}:${d.recipient}`, tab: 'acks',
    text: (d, x) => `${x.committee(d)}未在时限内确认${x.warning(d.warning_id)}，已升级${x.phones(d)}` },
  { event: 'escalation.repeated', may: ['GET', '/escalations'], topic: (d) => `ack:${d.warning_id}:${d.recipient}`, tab: 'acks', again: true,
    text: (d, x) => `${x.committee(d)}仍未确认${x.warning(d.warning_id)}（第 ${Number(d.repeats) + 1} 次提醒）${x.phones(d)}` },
  { event: 'warning.drafted', when: (d) => Boolean(d.source), may: ['POST', '/warnings/{id}/issue'], topic: (d) => `relay:${d.id}`, tab: 'warnings',
    text: (d, x) => `上游预警待签发：${x.title(d)}（${x.upstream(d)}）` },
  { event: 'warning.relayed', when: (d) => Boolean(d.proposal), may: ['POST', '/warnings/{id}/update'], topic: (d) => `proposal:${d.id}`, tab: 'warnings',
    text: (d, x) => `上游${d.proposal.action === 'cancel' ? '解除' : '更新'}了${x.title(d)}，待值班台决定` },
  { event: 'report.overdue', may: ['GET', '/escalations'], topic: (d) => `report:${d.escalation || d.id}`, tab: 'duty',
    text: (d) => overdueText(d, INCIDENT_TYPES[d.type || d.incident_type]) },
  { event: 'delivery.failed', may: ['GET', '/escalations'], topic: (d) => `channel:${d.warning_id}:${d.recipient}`, tab: 'acks',
    text: (d, x) => `${x.committee(d)}的推送通道发送失败（${d.error || `HTTP ${d.status}`}），正在重试：${x.warning(d.warning_id)}` },
  { event: 'channel.failed', may: ['GET', '/escalations'], topic: (d) => `channel:${d.warning_id}:${d.recipient}`, tab: 'acks', again: true,
    text: (d, x) => `${x.committee(d)}的${channelName(d.channel)}通道被拒收（${d.code || d.error}），不再重试，请核对配置：${x.warning(d.warning_id)}` },
  { event: 'delivery.gave_up', may: ['GET', '/escalations'], topic: (d) => `channel:${d.warning_id}:${d.recipient}`, tab: 'acks', again: true,
    text: (d, x) => `${x.committee(d)}的${channelName(d.channel)}通道在预警有效期内未能送达（${d.error || d.code}）：${x.warning(d.warning_id)}` },
];

// A warning that ends needs no more chasing of its committees.
const ended = (w) => (w.area?.committees || []).flatMap((c) => [`ack:${w.id}:${c}`, `channel:${w.id}:${c}`]);

// Later events that settle a topic: its line stops chiming and says so, and stays until seen.
export const SETTLED_BY = [
  { event: 'delivery.acked', topic: (d) => `ack:${d.warning_id}:${d.recipient}` },
  { event: 'escalation.closed', topic: (d) => `ack:${d.warning_id}:${d.recipient}` },
  { event: 'warning.issued', topic: (d) => `relay:${d.id}` },
  { event: 'warning.cancelled', topic: (d) => [`relay:${d.id}`, `proposal:${d.id}`, ...ended(d)] },
  { event: 'warning.expired', topic: ended },
  { event: 'warning.updated', topic: (d) => `proposal:${d.id}` },
  { event: 'report.received', topic: (d) => (Array.isArray(d.closed_escalations) ? d.closed_escalations : []).map((k) => `report:${k}`) },
  { event: 'delivery.delivered', topic: (d) => `channel:${d.warning_id}:${d.recipient}` },
  { event: 'channel.recovered', topic: (d) => `channel:${d.warning_id}:${d.recipient}` },
];

// {who, topics: {topic: ms}}: what this screen's person acknowledged, kept across a reload.
const ACKED_KEY = 'eoc.alerts.acked';
const REPEAT_MS = 30000;

export function createDeskAlerts(container, app, { onCount, showTab }) {
  const alerts = new Map(); // topic -> {topic, rule, text, at, drill, acked, settled}
  const who = () => (session.principal ? `${session.principal.role}:${session.principal.name}:${session.principal.subject || ''}` : '');
  let acked = { who: '', topics: {} };
  function loadAcked() {
    let stored = null;
    try { stored = JSON.parse(sessionStorage.getItem(ACKED_KEY) || 'null'); } catch { stored = null; }
    acked = stored?.who === who() && stored.topics ? stored : { who: who(), topics: {} };
  }
  let generation = 0;

  const sound = h('audio', { id: 'alert-sound', preload: 'auto', src: alertTone, 'data-plays': '0' });
  sound.addEventListener('play', () => { sound.dataset.plays = String(Number(sound.dataset.plays) + 1); });
  const spoken = h('p', { class: 'sr-only', 'aria-live': 'assertive' }); // the newest line, read out
  const blocked = h('p', { class: 'sound-blocked', hidden: true }, '🔇 浏览器阻止了提示音：点击页面任意处后恢复');
  const heading = h('h2', {});
  const list = h('ul', { class: 'desk-alert-list' });
  const ackAll = h('button', { type: 'button', 'data-action': 'ack-all-alerts', onclick: () => [...alerts.values()].forEach(acknowledge) }, '全部知道了');
  replace(container, h('div', { class: 'desk-alerts-head' }, heading, ackAll), blocked, list, spoken, sound);

  const x = {
    committee: (d) => d.name || app.committeeNames.get(d.recipient) || d.recipient,
    phones: (d) => (Array.isArray(d.phones) && d.phones.length ? `：请电话联系 ${d.phones.join('、')}` : '：请电话联系'),
    warning: (id) => {
      const w = app.warnings.find((v) => v.id === id);
      return w ? `${isDrill(w) ? '【演练】' : ''}${signalTitle(w)}` : `预警 ${id}`;
    },
    title: (w) => `${isDrill(w) ? '【演练】' : ''}${signalTitle(w)}`,
    // A relay's source: the upstream message's "sender,identifier,sent" today (name the sender),
    // or an object naming it.
    upstream: (w) => `来自 ${typeof w.source === 'object' ? w.source.sender_name || w.source.sender || '上游' : String(w.source).split(',')[0]}`,
  };

  const pending = () => [...alerts.values()].filter((a) => !a.acked && !a.settled);

  function play() {
    sound.currentTime = 0;
    sound.play().then(() => { blocked.hidden = true; }).catch(() => { blocked.hidden = false; });
  }
  // Without a click on the page first, the browser may refuse to play; the next click retries.
  document.addEventListener('pointerdown', () => { if (!blocked.hidden && pending().length) play(); });
  setInterval(() => { if (pending().length) play(); }, REPEAT_MS);

  function mayHear(rule) {
    return Boolean(session.principal) && can(...rule.may);
  }

  function save() {
    try { sessionStorage.setItem(ACKED_KEY, JSON.stringify(acked)); } catch { /* private mode: this screen only */ }
  }

  function acknowledge(a) {
    const hadFocus = container.contains(document.activeElement);
    a.acked = true;
    acked.topics[a.topic] = Date.now();
    save();
    render();
    // From the keyboard: on to the next line, or back to the panels when none is left.
    if (hadFocus && !container.contains(document.activeElement)) {
      (list.querySelector('[data-action=ack-alert]') || document.querySelector('[role=tab][aria-selected=true]'))?.focus();
    }
  }

  // An event (or a matter read back from the API, as if it were one) that may need the desk.
  // Answers the line when it is new or back (to chime), else null.
  function raise(type, data, at, exercise = false) {
    const rule = NEEDS_DESK.find((r) => r.event === type && (!r.when || r.when(data)));
    if (!rule || !mayHear(rule)) return null;
    const topic = rule.topic(data);
    const when = Date.parse(at) || Date.now();
    const known = alerts.get(topic);
    const warning = app.warnings.find((w) => w.id === (data.warning_id ?? data.id));
    const line = {
      topic, rule, text: rule.text(data, x), at: at || new Date().toISOString(),
      drill: Boolean(exercise || isDrill(data) || isDrill(warning)), acked: false, settled: false,
    };
    if (known && !known.acked) {
      // On screen already: new words; a settled one that happens again is news again.
      alerts.set(topic, { ...line, settled: false });
      return known.settled ? line : null;
    }
    // Acknowledged on this screen (perhaps before a reload): quiet, unless the rule says a newer
    // event of the same matter needs the desk again (a repeated escalation).
    const seenAt = acked.topics[topic];
    if (seenAt && !(rule.again && when > seenAt)) return null;
    delete acked.topics[topic];
    save();
    alerts.set(topic, line);
    return line;
  }

  function settle(type, data) {
    let changed = false;
    for (const s of SETTLED_BY.filter((r) => r.event === type)) {
      for (const topic of [s.topic(data)].flat()) {
        const a = alerts.get(topic);
        if (a && !a.settled) { a.settled = true; changed = true; }
      }
    }
    return changed;
  }

  function onEvent(type, envelope) {
    const data = envelope?.data || {};
    if (type === 'gap') { seed(); return; }
    const settled = settle(type, data);
    const raised = raise(type, data, envelope?.at, envelope?.exercise);
    if (raised) {
      play();
      spoken.textContent = `${raised.drill ? '【演练】' : ''}${raised.text}`;
    }
    if (raised || settled) render();
  }

  // The matters open now, from the API: open escalations and relay drafts not yet issued.
  async function seed() {
    const gen = generation;
    let raised = false;
    const escalationRule = NEEDS_DESK.find((r) => r.event === 'escalation.raised');
    if (has('GET', '/escalations') && mayHear(escalationRule)) {
      const open = listOf(await get('/escalations?open=true').catch(() => null), 'escalations');
      if (gen !== generation) return;
      for (const e of open) raised = Boolean(raise(e.repeats > 0 ? 'escalation.repeated' : 'escalation.raised', e, e.last_at || e.raised_at)) || raised;
      // Reports upward fallen due (the duty desk's escalations), in the same answer.
      const reports = listOf(await get('/escalations?open=true').catch(() => null), 'reports');
      if (gen !== generation) return;
      for (const r of reports) raised = Boolean(raise('report.overdue', r, r.raised_at, r.exercise)) || raised;
    }
    for (const w of app.warnings) {
      if (w.state === 'draft' && w.source) raised = Boolean(raise('warning.drafted', w, w.created_at || w.updated_at)) || raised;
      if (w.proposal && ['issued', 'updated'].includes(w.state)) raised = Boolean(raise('warning.relayed', w, w.proposal.received)) || raised;
    }
    if (raised) play();
    container.dataset.seeded = 'true'; // read back: what the screen shows now is the server's open matters
    render();
  }

  function render() {
    const shown = [...alerts.values()].filter((a) => !a.acked).sort((a, b) => a.settled - b.settled || Date.parse(b.at) - Date.parse(a.at));
    const count = pending().length;
    container.hidden = shown.length === 0;
    container.classList.toggle('all-settled', count === 0);
    replace(heading, '需要值班台处理 ', h('span', { class: 'alert-count', 'data-testid': 'alert-count' }, String(count)), ' ', h('kbd', {}, 'Alt+0'));
    ackAll.hidden = shown.length < 2;
    replace(list, shown.map((a) => h('li', {
      class: `desk-alert${a.drill ? ' drill' : ''}${a.settled ? ' settled' : ''}`,
      'data-topic': a.topic, 'data-event': a.rule.event, 'data-settled': String(a.settled),
    },
    h('span', { class: 'when' }, fullTime(a.at)),
    h('span', { class: 'what' }, a.drill && !a.text.includes('【演练】') ? '【演练】' : '', a.text, a.settled ? '（已处理）' : ''),
    h('button', { type: 'button', class: 'small', 'data-action': 'open-alert', onclick: () => showTab(a.rule.tab) }, { acks: '查看回执', duty: '查看值班' }[a.rule.tab] || '查看预警'),
    h('button', { type: 'button', class: 'small primary', 'data-action': 'ack-alert', onclick: () => acknowledge(a) }, '知道了'))));
    if (!blocked.hidden && count === 0) blocked.hidden = true;
    onCount(count);
  }

  // Someone logged in or out: nothing of the last person's stays; what this person acknowledged
  // on this screen before a reload does.
  function reset() {
    generation += 1;
    alerts.clear();
    delete container.dataset.seeded;
    loadAcked();
    render();
  }

  return { onEvent, seed, reset, render };
}
