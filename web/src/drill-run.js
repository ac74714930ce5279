// A drill's run as the desk shows it: its state, the MSEL with the injects fired so far, the
// committees' acknowledgements of a drill notice, and the after-action report. Everything here
// is an exercise and says so (【演练】), so that it is never mistaken for a live alert.
import { request } from './api.js';
import { h } from './dom.js';
import { fullTime } from './beijing-time.js';

export const DRILL_STATES = { planned: '计划中', running: '进行中', finished: '已结束' };

export const INJECT_TYPES = { scenario: '情景', warning: '预警/通知', dispatch: '调派', checkpoint: '目标检查', action: '行动检查' };

// The live run's state: the drill's "run" while it runs; once finished, "run" is the report's
// record and the live state moves to "run.live". Null for a drill never run live.
export function liveOf(d) {
  if (d?.run?.live) return d.run.live;
  return d?.run?.mode === 'live' ? d.run : null;
}

export function runFacts(d) {
  const live = liveOf(d);
  const warning = live?.warning_id ? `【演练】${live.warning_id}`
    : d.scenario?.warning ? (live?.warned_at ? '未能发出' : '尚未发出') : '无（以演练通知代替）';
  return h('dl', { class: 'facts drill-facts' },
    h('dt', {}, '状态'),
    h('dd', { 'data-testid': 'drill-state', 'data-state': d.state }, `【演练】${DRILL_STATES[d.state] || d.state}`),
    live ? [
      h('dt', {}, '开始'), h('dd', { 'data-testid': 'drill-started' }, fullTime(live.started_at)),
      live.finished_at ? [h('dt', {}, '结束'), h('dd', {}, fullTime(live.finished_at))] : null,
      live.controller ? [h('dt', {}, '导调'), h('dd', {}, live.controller)] : null,
      h('dt', {}, '演练预警'), h('dd', { 'data-testid': 'drill-warning' }, warning),
      h('dt', {}, '已发出'), h('dd', { 'data-testid': 'fired-count' }, `${(live.fired || []).length} 条`),
    ] : null);
}

// For a drill without a weather signal the committees acknowledge a drill notice; with one they
// acknowledge the exercise warning, which the acknowledgement board shows in exercise mode.
export function noticeAcks(d, committeeName) {
  const live = liveOf(d);
  if (!live) return null;
  if (live.warning_id) return h('p', { class: 'hint' }, '片区回执见「回执」看板（演练模式）');
  const committees = d.participants?.committees || [];
  const acks = live.notice_acks || {};
  return h('div', { class: 'table-scroll' }, h('table', { class: 'ack-table drill-acks' },
    h('caption', {}, '【演练】演练通知回执'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, '片区'), h('th', { scope: 'col' }, '确认'))),
    h('tbody', {}, committees.map((c) => {
      const ack = acks[c.code];
      return h('tr', { class: ack ? 'acked' : 'silent', 'data-committee': c.code, 'data-acked': ack ? 'true' : 'false' },
        h('th', { scope: 'row' }, c.name || committeeName(c.code)),
        ack ? h('td', { class: 'done' }, `✓ ${fullTime(ack.at)}`, ack.note ? ` ${ack.note}` : '')
          : h('td', { class: 'pending' }, live.warned_at ? '未确认' : '—'));
    }))));
}

function offset(r) {
  const v = r.offset_min ?? r.time_offset ?? r.time;
  return typeof v === 'number' ? `+${v}分` : v;
}

// onEdit(index): a planned drill's rows get an 编辑 button each (msel-editor.js); the row being
// edited (editing) has the editor (editor, a node) right under it.
export function mselTable(d, rows, { onEdit, editing, editor } = {}) {
  const live = liveOf(d);
  const fired = new Map((live?.fired || []).map((f) => [f.seq, f.at]));
  const head = [live ? '发出' : null, '序号', '时间', '类型', '发送 → 接收', '内容', '预期行动', onEdit ? '编辑' : null].filter(Boolean);
  return h('div', { class: 'table-scroll' }, h('table', { class: 'msel' },
    h('caption', { class: 'sr-only' }, '【演练】情景事件清单（MSEL）'),
    h('thead', {}, h('tr', {}, head.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, rows.map((r, i) => {
      const at = fired.get(r.seq);
      const type = r.inject_type ?? r.type;
      const under = editor && editing === i ? h('tr', { class: 'msel-editor-row' }, h('td', { colspan: head.length }, editor)) : null;
      return [h('tr', { class: `${at ? 'fired' : ''}${editing === i ? ' editing' : ''}` || null, 'data-seq': r.seq, 'data-fired': live ? String(Boolean(at)) : null },
        live ? h('td', { class: at ? 'done' : 'pending' }, at ? `✓ ${fullTime(at)}` : '待发') : null,
        h('td', { class: 'num' }, r.seq), h('td', { class: 'nowrap' }, offset(r)), h('td', { class: 'nowrap' }, INJECT_TYPES[type] || type),
        h('td', { class: 'route' }, r.from ?? '', ' → ', r.to ?? ''), h('td', {}, r.description ?? ''), h('td', {}, r.expected_action ?? ''),
        onEdit ? h('td', {}, h('button', { type: 'button', class: 'small', 'data-action': 'msel-edit', 'aria-label': `编辑第 ${r.seq} 条`, onclick: () => onEdit(i) }, '编辑')) : null), under];
    }))));
}

// The report needs the bearer token, which a plain link cannot send: the window is opened in the
// click (so no popup blocker stops it) and shows the report once it has been fetched.
export async function openReport(d) {
  const win = window.open('', '_blank');
  try {
    const html = await request('GET', `/drills/${encodeURIComponent(d.id)}/report.html`, undefined, { accept: 'text/html' });
    const url = URL.createObjectURL(new Blob([html], { type: 'text/html;charset=utf-8' }));
    if (win) win.location.href = url;
    else h('a', { href: url, download: `drill-${d.id}-report.html` }).click();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
  } catch (err) {
    win?.close();
    throw err;
  }
}
