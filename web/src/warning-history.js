// Warning history (预警历史): issued, cancelled and expired warnings, filterable by date, type,
// level and state, with what reached the committees (delivered / acknowledged) and each one's
// printable 预警信息发布单; and the counts by month, type and level the annual report needs.
// Reads GET /warnings (filters, total, delivery summary) and GET /warnings/stats.
import { get, has, listOf } from './api.js';
import { errorText, h, replace, unavailable } from './dom.js';
import { shortTime } from './beijing-time.js';
import { LEVELS, WARNING_STATES, isDrill, signalTitle } from './vocabulary.js';

const PAGE = 50;

// "2026-07-12" or "2026-07-12 15:00" (北京时间) as typed; empty: no bound. The server checks it.
const bound = (input) => input.value.trim();

export function createWarningHistory(container, app) {
  const message = h('p', { class: 'message', role: 'status', 'aria-live': 'polite' });
  const from = h('input', { type: 'text', id: 'history-from', placeholder: 'YYYY-MM-DD HH:mm', inputmode: 'numeric', size: 16 });
  const to = h('input', { type: 'text', id: 'history-to', placeholder: 'YYYY-MM-DD HH:mm', inputmode: 'numeric', size: 16 });
  const type = h('select', { id: 'history-type' });
  const level = h('select', { id: 'history-level' },
    h('option', { value: '' }, '全部级别'), Object.entries(LEVELS).map(([k, l]) => h('option', { value: k }, l.name)));
  const state = h('select', { id: 'history-state' },
    h('option', { value: '' }, '全部状态'), Object.entries(WARNING_STATES).map(([k, name]) => h('option', { value: k }, name)));
  const summary = h('p', { class: 'history-total', 'data-testid': 'history-total' });
  const table = h('div', { class: 'history-list' });
  const stats = h('div', { class: 'history-stats' });
  let offset = 0;

  const form = h('form', { class: 'history-filters', onsubmit: (e) => { e.preventDefault(); offset = 0; load(); } },
    // A label and its field stay on one line however narrow the panel.
    [['起（北京时间）', from], ['止', to], ['类型', type], ['级别', level], ['状态', state]].map(([text, field]) =>
      h('label', { style: 'white-space:nowrap;display:inline-block;margin:0 .5em .3em 0' }, text, field)),
    h('button', { type: 'submit', class: 'primary', 'data-action': 'history-search' }, '查询'));
  replace(container, h('h2', {}, '预警历史'), form, message, summary, table, h('h3', {}, '按月统计（已发布）'), stats);

  function fillTypes() {
    const chosen = type.value;
    const { common = [], rare = [] } = app.signals || {};
    replace(type, h('option', { value: '' }, '全部类型'), [...common, ...rare].map((s) => h('option', { value: s.type }, s.name)));
    type.value = chosen;
  }

  function query() {
    const q = new URLSearchParams();
    if (bound(from)) q.set('from', bound(from));
    if (bound(to)) q.set('to', bound(to));
    if (type.value) q.set('type', type.value);
    if (level.value) q.set('level', level.value);
    if (state.value) q.set('state', state.value);
    return q;
  }

  function row(w) {
    const d = w.delivery || {};
    return h('tr', { 'data-warning-id': w.id, 'data-state': w.state },
      h('td', {}, shortTime(w.created_at || w.updated_at)),
      h('td', {}, isDrill(w) ? '【演练】' : '', signalTitle(w)),
      h('td', {}, WARNING_STATES[w.state] || w.state),
      h('td', { 'data-testid': 'delivered' }, `${d.delivered ?? 0}/${d.recipients ?? 0}`),
      h('td', { 'data-testid': 'acked' }, `${d.acked ?? 0}/${d.ack_expected ?? 0}`),
      h('td', {}, h('a', { href: `/warnings/${encodeURIComponent(w.id)}/bulletin.html`, target: '_blank', rel: 'noopener', 'data-action': 'bulletin' }, '发布单')));
  }

  async function load() {
    if (!has('GET', '/warnings')) { replace(table, unavailable('预警历史')); return; }
    fillTypes();
    const q = query();
    q.set('limit', String(PAGE));
    q.set('offset', String(offset));
    try {
      const data = await get(`/warnings?${q}`);
      const list = listOf(data, 'warnings');
      message.textContent = '';
      summary.textContent = `共 ${data.total ?? list.length} 条`;
      const pager = h('p', {},
        offset > 0 ? h('button', { type: 'button', onclick: () => { offset = Math.max(0, offset - PAGE); load(); } }, '上一页') : null,
        offset + list.length < (data.total ?? 0) ? h('button', { type: 'button', onclick: () => { offset += PAGE; load(); } }, '下一页') : null);
      replace(table, list.length
        ? h('table', { class: 'history' },
          h('thead', {}, h('tr', {}, ['时间', '信号', '状态', '送达', '确认', ''].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', {}, list.map(row)))
        : h('p', { class: 'hint' }, '没有符合条件的预警'), pager);
    } catch (err) {
      message.textContent = errorText(err);
      message.dataset.kind = 'error';
      // No list of an earlier search under a refused one: it would read as its answer.
      summary.textContent = '';
      replace(table);
    }
    if (!has('GET', '/warnings/stats')) return;
    try {
      const s = await get(`/warnings/stats?${query()}`);
      const months = Object.keys(s.by_month || {});
      const types = Object.keys(s.by_type || {});
      const name = (t) => (s.cells || []).find((c) => c.type === t)?.name || t;
      const cellsOf = (m, t) => (s.cells || []).filter((c) => c.month === m && c.type === t);
      const count = (m, t) => cellsOf(m, t).reduce((n, c) => n + c.count, 0);
      // A month's count of a type, and under it how many of each level (blue to red): "2 黄1 橙1".
      const cell = (m, t) => {
        const byLevel = Object.keys(LEVELS).map((l) => [l, cellsOf(m, t).filter((c) => c.level === l).reduce((n, c) => n + c.count, 0)]);
        return h('td', { 'data-month': m, 'data-type': t }, String(count(m, t)),
          byLevel.filter(([, n]) => n > 0).map(([l, n]) => h('span', {
            class: 'level-count', 'data-level': l, title: `${LEVELS[l].name}预警 ${n} 条`,
            style: `margin-left:.4em;padding-left:.25em;border-left:.5em solid ${LEVELS[l].colour};font-size:.85em`,
          }, `${LEVELS[l].name.slice(0, 1)}${n}`)));
      };
      replace(stats, months.length
        ? h('table', { class: 'history-stats-table', 'data-testid': 'history-stats' },
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, '月份'), types.map((t) => h('th', { scope: 'col' }, name(t))), h('th', { scope: 'col' }, '合计'))),
          h('tbody', {}, months.map((m) => h('tr', {}, h('th', { scope: 'row' }, m), types.map((t) => cell(m, t)), h('td', {}, String(s.by_month[m]))))),
          h('tfoot', {}, h('tr', {}, h('th', { scope: 'row' }, '合计'), types.map((t) => h('td', {}, String(s.by_type[t]))), h('td', {}, String(s.total)))))
        : h('p', { class: 'hint' }, '所选范围内没有已发布的预警'));
    } catch (err) {
      replace(stats, h('p', { class: 'message', 'data-kind': 'error' }, errorText(err)));
    }
  }

  return { refresh: load };
}
