// The acknowledgement board: for each warning in force, every committee × delivered / acked /
// escalated with times. Committees that received the warning but have not acknowledged stand
// out, and escalated ones most of all. Refreshed live from /events by the caller.
import { can, get, has, listOf } from './api.js';
import { h, replace, unavailable } from './dom.js';
import { shortTime } from './beijing-time.js';
import { LEVELS, channelName, isDrill, signalTitle } from './vocabulary.js';

const pick = (o, ...keys) => keys.map((k) => k.split('.').reduce((v, p) => v?.[p], o)).find((v) => v !== undefined && v !== null && v !== '');

// One delivery record, whatever the exact field names: {committee, delivered, acked, escalated, state}.
export function normaliseDelivery(d) {
  const state = String(pick(d, 'state', 'status') || '');
  return {
    committee: String(pick(d, 'committee', 'committee_code', 'recipient', 'code', 'recipient.code') || ''),
    delivered: pick(d, 'delivered_at', 'deliveredAt', 'delivered'),
    acked: pick(d, 'acked_at', 'ackedAt', 'acknowledged_at', 'ack.at', 'acked'),
    ackNote: pick(d, 'ack_note', 'note', 'ack.note'),
    // GET /warnings/{id}/deliveries gives a count and an open flag, not a time, for escalations.
    escalated: pick(d, 'escalated_at', 'escalatedAt', 'escalated') || (d?.escalation_open ? true : undefined),
    attempts: pick(d, 'attempts'),
    // Per channel (wecom, dingtalk, feishu, sms, mqtt, webhook, ebd): {state, attempts, vendor_code}.
    channels: d?.channels && typeof d.channels === 'object' ? d.channels : {},
    state,
  };
}

const CHANNEL_STATES = { delivered: '✓', pending: '…', failed: '✗', expired: '✗', stopped: '—', superseded: '—' };

// Every channel of the recipient with its state; a failed one names the vendor's code.
function channelCell(channels) {
  const kinds = Object.keys(channels || {});
  if (!kinds.length) return h('td', { class: 'channels' }, '屏幕');
  return h('td', { class: 'channels' }, kinds.map((kind) => {
    const c = channels[kind] || {};
    const state = String(c.state || '');
    const failed = state === 'failed' || state === 'expired';
    return h('span', { class: `channel ${state}`, 'data-channel': kind, 'data-state': state, title: c.last_error || '' },
      `${channelName(kind)} ${CHANNEL_STATES[state] || state}${failed && c.vendor_code ? ` ${c.vendor_code}` : ''} `);
  }));
}

export function createAckBoard(container, app) {
  const deliveries = new Map(); // warning id -> normalised deliveries

  async function load(w) {
    try {
      const data = await get(`/warnings/${encodeURIComponent(w.id)}/deliveries`);
      // {"warning_id", "summary", "recipients": [{recipient, delivered_at, acked_at, ...}]}
      deliveries.set(w.id, listOf(data, 'recipients', 'deliveries').map(normaliseDelivery));
    } catch {
      deliveries.set(w.id, null);
    }
  }

  function timeCell(value, label) {
    if (!value) return h('td', { class: 'pending' }, '—');
    return h('td', { class: 'done' }, value === true ? '✓' : `✓ ${shortTime(value)}`, h('span', { class: 'sr-only' }, label));
  }

  function board(w) {
    const rows = deliveries.get(w.id);
    const recipients = new Set(w.area?.committees || []);
    const byCommittee = new Map((rows || []).map((d) => [d.committee, d]));
    for (const d of rows || []) recipients.add(d.committee);
    const acked = [...recipients].filter((c) => byCommittee.get(c)?.acked).length;
    const level = LEVELS[w.level];
    return h('section', { class: `ack-board${isDrill(w) ? ' drill' : ''}`, 'data-warning-id': w.id, style: `--level-colour: ${level?.colour || '#999'}` },
      h('h3', {}, isDrill(w) ? '【演练】' : '', signalTitle(w), ' ',
        h('span', { class: 'ack-count', 'data-testid': 'ack-count', 'data-acked': acked, 'data-total': recipients.size }, `已确认 ${acked}/${recipients.size}`)),
      rows === null ? unavailable('送达记录') : null,
      h('table', { class: 'ack-table' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, '片区'), h('th', { scope: 'col' }, '送达'), h('th', { scope: 'col' }, '通道'), h('th', { scope: 'col' }, '确认'), h('th', { scope: 'col' }, '升级'))),
        h('tbody', {}, [...app.committeeNames].map(([code, name]) => {
          const d = byCommittee.get(code);
          if (!recipients.has(code)) return h('tr', { class: 'not-recipient', 'data-committee': code }, h('th', { scope: 'row' }, name), h('td', { colspan: 4 }, '不在预警范围'));
          const silent = !d?.acked;
          const escalated = Boolean(d?.escalated);
          return h('tr', { class: `${silent ? 'silent' : 'acked'}${escalated ? ' escalated' : ''}`, 'data-committee': code, 'data-acked': d?.acked ? 'true' : 'false' },
            h('th', { scope: 'row' }, name, silent ? h('span', { class: 'badge' }, escalated ? '已升级' : '未确认') : null),
            timeCell(d?.delivered, '已送达'), channelCell(d?.channels), timeCell(d?.acked, '已确认'),
            d?.escalated ? h('td', { class: 'escalated-cell' }, d.escalated === true ? '⚠ 已升级' : `⚠ ${shortTime(d.escalated)}`) : h('td', {}, '—'));
        }))));
  }

  function render() {
    if (!has('GET', '/warnings/{id}/deliveries')) return replace(container, h('h2', {}, '回执看板'), unavailable('回执看板'));
    // Delivery records are for the desk and committees only; an anonymous page must not ask (401).
    if (!can('GET', '/warnings/{id}/deliveries')) return replace(container, h('h2', {}, '回执看板'), h('p', { class: 'hint' }, '登录后查看回执'));
    const live = app.liveWarnings().filter((w) => isDrill(w) === app.exerciseMode);
    replace(container, h('h2', {}, '回执看板'),
      live.length ? live.map(board) : h('p', { class: 'empty' }, '当前没有生效的预警'));
  }

  async function refresh() {
    if (can('GET', '/warnings/{id}/deliveries')) await Promise.all(app.liveWarnings().map(load));
    render();
  }

  return { render, refresh };
}
