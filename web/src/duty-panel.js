// 值班: the desk's own day, the first tab. Who is on duty now (a gap in the roster in red), the
// roster import (the office's .xlsx/.csv as it is), the duty log with an entry box that works from
// the keyboard alone (Ctrl+Enter records), the incident register with a red countdown on every
// report that falls due, the report drafter (the text eoc drafts, editable before it is filed,
// printable), the daily zero reports while a response is active, and the handover.
import { ApiError, can, get, has, listOf, post, session } from './api.js';
import { errorText, h, replace, unavailable } from './dom.js';
import { countdown, fullTime, shortTime, toField } from './beijing-time.js';
import { fieldTime, timeField, timeHint } from './time-field.js';
import { INCIDENT_TYPES } from './vocabulary.js';
import { INCIDENT_LEVELS, LOG_KINDS, REPORT_CHANNELS, REPORT_STAGES, dueName, shiftText } from './duty-text.js';

// The roster file as sent: the office's spreadsheet, bytes unchanged.
async function upload(path, file) {
  const type = /\.csv$/i.test(file.name) ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  const headers = { Accept: 'application/json', 'Content-Type': type };
  if (session.token) headers.Authorization = `Bearer ${session.token}`;
  const res = await fetch(`${path}?filename=${encodeURIComponent(file.name)}`, { method: 'POST', headers, body: file });
  const data = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, data);
  return data;
}

export function createDutyPanel(container, app) {
  const message = h('p', { class: 'message', role: 'status', 'aria-live': 'polite' });
  const nowBox = h('section', { class: 'duty-now', 'aria-label': '当前值班', 'data-testid': 'duty-now' });
  const rosterBox = h('section', { class: 'duty-roster', 'aria-label': '值班表' });
  const handoverBox = h('section', { class: 'duty-handover', 'aria-label': '交接班' });
  const incidentBox = h('section', { class: 'duty-incidents', 'aria-label': '事件与信息报送' });
  const zeroBox = h('section', { class: 'duty-zero', 'aria-label': '零报告' });
  const draftBox = h('section', { class: 'duty-draft', 'aria-label': '报告文稿' });
  const logBox = h('section', { class: 'duty-log', 'aria-label': '值班日志' });
  replace(container, h('h2', {}, '值班'), message, nowBox, handoverBox, zeroBox, incidentBox, draftBox, logBox, rosterBox);
  const say = (text, kind = 'ok') => { message.textContent = text; message.dataset.kind = kind; };

  const state = { now: null, incidents: [], log: [], handovers: [], zero: [], zeroView: null, draftFor: null, correcting: null };

  // ---- who is on duty -----------------------------------------------------------------------
  async function refreshNow() {
    if (!has('GET', '/duty/now')) return replace(nowBox, h('h3', {}, '当前值班'), unavailable('值班表'));
    if (!can('GET', '/duty/now')) return replace(nowBox);
    try { state.now = await get('/duty/now'); } catch (err) { return replace(nowBox, h('h3', {}, '当前值班'), h('p', { class: 'error' }, errorText(err))); }
    renderNow();
  }

  function renderNow() {
    const n = state.now;
    if (!n) return;
    const s = n.shift;
    const body = s
      ? [h('p', {}, h('strong', {}, shiftText(s))),
        h('dl', { class: 'duty-people' },
          h('dt', {}, '带班领导'), h('dd', { 'data-testid': 'duty-leader' }, s.leader),
          h('dt', {}, '值班员'), h('dd', { 'data-testid': 'duty-officers' }, s.officers.map((o, i) => h('span', { class: 'officer' },
            i ? '、' : '', o.name, o.phone || s.phone ? ` ${o.phone || s.phone}` : ''))))]
      : [h('p', { class: 'duty-gap', role: 'alert', 'data-testid': 'duty-gap' }, '值班表空档：',
        n.gap?.from ? `自 ${shortTime(n.gap.from)} 起` : '', '无人值班',
        n.gap?.until ? `，至 ${shortTime(n.gap.until)}` : '（值班表此后无排班）', '，请立即安排')];
    replace(nowBox, h('h3', {}, '当前值班'), body, n.next ? h('p', { class: 'muted' }, `下一班：${shiftText(n.next)} ${n.next.leader}`) : null);
  }

  // ---- roster import --------------------------------------------------------------------------
  function renderRoster() {
    if (!can('POST', '/duty/roster')) return replace(rosterBox);
    const file = h('input', { id: 'roster-file', type: 'file', accept: '.xlsx,.csv', 'aria-describedby': 'roster-hint' });
    const result = h('div', { class: 'roster-result' });
    replace(rosterBox, h('form', { class: 'panel-form', onsubmit: async (e) => {
      e.preventDefault();
      if (!file.files[0]) return say('请选择值班表文件（.xlsx 或 .csv）', 'error');
      try {
        const r = await upload('/duty/roster', file.files[0]);
        say(`已导入 ${r.imported} 个班次（${shortTime(r.from)} 至 ${shortTime(r.to)}）${r.replaced ? `，替换原有 ${r.replaced} 个` : ''}`);
        replace(result, listOf(r.gaps).length ? h('p', { class: 'duty-gap' }, '注意空档：', listOf(r.gaps).map((g) => `${shortTime(g.from)}–${shortTime(g.until)}`).join('；')) : null);
        await refreshNow();
      } catch (err) { say(errorText(err), 'error'); }
    } }, h('h3', {}, '导入值班表'),
    h('label', { for: 'roster-file' }, '值班表文件'), file,
    h('span', { id: 'roster-hint', class: 'field-hint' }, '按办公室表格原样导入：日期、班次、带班领导、值班员、电话；导入会替换表格覆盖的时段'),
    h('div', { class: 'actions' }, h('button', { type: 'submit', 'data-action': 'import-roster' }, '导入')), result));
  }

  // ---- handover -------------------------------------------------------------------------------
  async function refreshHandovers() {
    if (!can('GET', '/duty/handovers')) return replace(handoverBox);
    state.handovers = listOf(await get('/duty/handovers?limit=5').catch(() => []), 'handovers');
    renderHandover();
  }

  function handoverSummary(ho) {
    const s = ho.snapshot || {};
    const lines = [];
    for (const i of listOf(s.incidents)) {
      const pending = listOf(i.pending).map((d) => `${dueName(d)} ${shortTime(d.due_at)}前${d.overdue ? '（已超时）' : ''}`);
      lines.push(`事件：${INCIDENT_TYPES[i.type] || i.type_name || i.type}${i.level ? ` ${i.level}级` : ''}${pending.length ? `，待报：${pending.join('、')}` : ''}`);
    }
    for (const w of listOf(s.warnings)) lines.push(`预警：${w.headline || `${w.type} ${w.level}`}${w.expires ? `，至 ${shortTime(w.expires)}` : ''}`);
    for (const e of listOf(s.escalations)) lines.push(`升级：${e.summary || e.subject}`);
    for (const d of listOf(s.drills)) lines.push(`演练进行中：${d.name || d.id}`);
    for (const z of listOf(s.zero_reports)) lines.push(`零报告：${z.date} ${shortTime(z.due_at)}前${z.overdue ? '（已超时）' : ''}`);
    return lines;
  }

  function renderHandover() {
    const me = session.principal?.name || '';
    const open = state.handovers.find((ho) => !ho.accepted_at);
    const notes = h('textarea', { id: 'handover-notes', rows: 2, placeholder: '交班说明（可空）' });
    const mayHand = can('POST', '/duty/handover');
    const mayAccept = open && open.from !== me && can('POST', '/duty/handover/{id}/accept');
    replace(handoverBox, h('h3', {}, '交接班'),
      open ? h('div', { class: 'handover-open', 'data-testid': 'handover-open', 'data-handover-id': open.id },
        h('p', {}, `${open.from} 于 ${shortTime(open.at)} 交班，待接班`),
        open.notes ? h('p', { class: 'handover-notes' }, open.notes) : null,
        h('ul', {}, handoverSummary(open).map((l) => h('li', {}, l))),
        mayAccept ? h('button', { type: 'button', class: 'primary', 'data-action': 'accept-handover', onclick: async () => {
          try {
            await post(`/duty/handover/${encodeURIComponent(open.id)}/accept`, {});
            say('已接班');
            await refreshHandovers();
          } catch (err) { say(errorText(err), 'error'); }
        } }, '接班') : null) : null,
      mayHand ? h('form', { class: 'panel-form', onsubmit: async (e) => {
        e.preventDefault();
        try {
          const ho = await post('/duty/handover', { notes: notes.value });
          say(`已交班（${handoverSummary(ho).length} 项未结事项），等待接班`);
          await refreshHandovers();
        } catch (err) { say(errorText(err), 'error'); }
      } }, h('label', { for: 'handover-notes' }, '交班说明'), notes,
      h('div', { class: 'actions' }, h('button', { type: 'submit', 'data-action': 'hand-over' }, '交班'))) : null);
  }

  // ---- incidents and their reports ------------------------------------------------------------
  async function refreshIncidents() {
    if (!has('GET', '/incidents')) return replace(incidentBox, h('h3', {}, '事件'), unavailable('事件列表'));
    if (!can('GET', '/incidents')) return replace(incidentBox);
    state.incidents = listOf(await get('/incidents?state=open').catch(() => []), 'incidents');
    renderIncidents();
  }

  function dueLine(i, d) {
    const left = d.met ? null : countdown(d.due_at);
    const overdue = !d.met && (d.overdue || left.overdue);
    return h('li', { class: `due${overdue ? ' overdue' : ''}${d.met ? ' met' : ''}`, 'data-stage': d.stage, 'data-channel': d.channel, 'data-overdue': String(overdue) },
      `${dueName(d)} → ${d.to}：`,
      d.met ? `已报 ${shortTime(d.filed_at)}${d.late ? '（迟报）' : ''}`
        : h('span', { class: 'countdown', 'data-deadline': d.due_at }, `${shortTime(d.due_at)} 前，${left.text}`),
      !d.met && can('POST', '/incidents/{id}/reports') ? h('button', { type: 'button', class: 'small', 'data-action': 'draft-report', onclick: () => openDraft(i, d.stage, d.channel, d.to) }, '起草') : null);
  }

  function renderIncidents() {
    const mayCreate = can('POST', '/incidents');
    replace(incidentBox, h('h3', {}, '事件与信息报送'),
      state.incidents.length ? h('ul', { class: 'incident-list' }, state.incidents.map((i) => h('li', { class: 'incident', 'data-incident-id': i.id },
        h('p', {}, h('strong', {}, INCIDENT_TYPES[i.type] || i.type), i.level ? ` ${INCIDENT_LEVELS[i.level] || i.level}` : '',
          ` · 获知 ${shortTime(i.first_known_at)}`, i.note ? ` · ${i.note}` : ''),
        h('ul', { class: 'due-list' }, listOf(i.due_reports).map((d) => dueLine(i, d))),
        h('div', { class: 'actions' },
          can('POST', '/incidents/{id}/reports') ? [
            h('button', { type: 'button', class: 'small', 'data-action': 'draft-update', onclick: () => openDraft(i, 'update', 'written', '') }, '续报'),
            h('button', { type: 'button', class: 'small', 'data-action': 'draft-final', onclick: () => openDraft(i, 'final', 'written', '') }, '终报')] : null,
          can('POST', '/incidents/{id}/close') ? h('button', { type: 'button', class: 'small', 'data-action': 'close-incident', onclick: async () => {
            try {
              await post(`/incidents/${encodeURIComponent(i.id)}/close`, {});
              say('事件已结案');
              await refreshIncidents();
            } catch (err) { say(errorText(err), 'error'); }
          } }, '结案') : null)))) : h('p', { class: 'muted' }, '没有未结事件'),
      mayCreate ? newIncidentForm() : null);
  }

  function newIncidentForm() {
    const type = h('select', { id: 'duty-incident-type' }, Object.entries(INCIDENT_TYPES).map(([k, v]) => h('option', { value: k }, v)));
    const level = h('select', { id: 'duty-incident-level' }, h('option', { value: '' }, '按启动预案确定'), Object.entries(INCIDENT_LEVELS).map(([k, v]) => h('option', { value: k }, v)));
    const known = timeField({ id: 'duty-incident-known', value: new Date() });
    const lon = h('input', { id: 'duty-incident-lon', inputmode: 'decimal', value: app.lastClick ? app.lastClick.lng.toFixed(5) : '' });
    const lat = h('input', { id: 'duty-incident-lat', inputmode: 'decimal', value: app.lastClick ? app.lastClick.lat.toFixed(5) : '' });
    const note = h('input', { id: 'duty-incident-note', placeholder: '地点、简要情况' });
    return h('form', { class: 'panel-form', onsubmit: async (e) => {
      e.preventDefault();
      const firstKnown = fieldTime(known);
      if (!firstKnown) return say('获知时间请按 YYYY-MM-DD HH:mm 填写', 'error');
      try {
        const body = { type: type.value, location: [Number(lon.value), Number(lat.value)], casualties: 0, first_known_at: firstKnown, note: note.value };
        if (level.value) body.level = level.value;
        const created = await post('/incidents', body);
        say(`已登记事件 ${created.id}`);
        await refreshIncidents();
      } catch (err) { say(errorText(err), 'error'); }
    } }, h('h3', {}, '登记事件（在地图上点击选择位置）'),
    h('div', { class: 'form-grid' },
      h('label', { for: 'duty-incident-type' }, '事件类型'), type,
      h('label', { for: 'duty-incident-level' }, '事件等级'), level,
      h('label', { for: 'duty-incident-known' }, '获知时间'), h('span', {}, known, timeHint('duty-incident-known')),
      h('label', { for: 'duty-incident-lon' }, '经度'), lon, h('label', { for: 'duty-incident-lat' }, '纬度'), lat,
      h('label', { for: 'duty-incident-note' }, '情况'), note),
    h('div', { class: 'actions' }, h('button', { type: 'submit', 'data-action': 'create-incident' }, '登记')));
  }

  // ---- the drafter ----------------------------------------------------------------------------
  async function openDraft(incident, stage, channel, to) {
    state.draftFor = { incident, stage, channel, to };
    let draft = { title: '', text: '' };
    const q = new URLSearchParams({ stage, channel });
    if (incident && has('GET', '/incidents/{id}/report-draft')) draft = await get(`/incidents/${encodeURIComponent(incident.id)}/report-draft?${q}`).catch(() => draft);
    renderDraft(draft);
  }

  function renderDraft(draft) {
    const f = state.draftFor;
    if (!f) return replace(draftBox);
    const what = f.incident ? `${INCIDENT_TYPES[f.incident.type] || f.incident.type} ${REPORT_STAGES[f.stage]}` : `${f.date || ''} 零报告`;
    const channel = h('select', { id: 'report-channel' }, Object.entries(REPORT_CHANNELS).map(([k, v]) => h('option', { value: k, selected: k === f.channel }, v)));
    const to = h('input', { id: 'report-to', value: f.to || draft.to || '', placeholder: '报送对象，例如 市应急管理局' });
    const text = h('textarea', { id: 'report-text', rows: 10 }, `${draft.title ? `${draft.title}\n\n` : ''}${draft.text || ''}`);
    const submit = async () => {
      try {
        if (f.incident) await post(`/incidents/${encodeURIComponent(f.incident.id)}/reports`, { stage: f.stage, channel: channel.value, content: text.value, to: to.value });
        else await post('/duty/zero-reports', { channel: channel.value, content: text.value, to: to.value, ...(f.date ? { date: f.date } : {}) });
        say(`已报送：${what}`);
        state.draftFor = null;
        replace(draftBox);
        await Promise.all([refreshIncidents(), refreshZero()]);
      } catch (err) { say(errorText(err), 'error'); }
    };
    text.addEventListener('keydown', (e) => { if (e.key === 'Enter' && e.ctrlKey) { e.preventDefault(); submit(); } });
    replace(draftBox, h('form', { class: 'panel-form report-draft', onsubmit: (e) => { e.preventDefault(); submit(); } },
      h('h3', {}, `报告文稿：${what}`),
      h('div', { class: 'form-grid' }, h('label', { for: 'report-channel' }, '报送方式'), channel, h('label', { for: 'report-to' }, '报送对象'), to),
      h('label', { for: 'report-text' }, '文稿（可修改，Ctrl+Enter 报送）'), text,
      h('div', { class: 'actions' },
        h('button', { type: 'submit', class: 'primary', 'data-action': 'file-report' }, '报送并登记'),
        h('button', { type: 'button', 'data-action': 'print-report', onclick: () => printText(what, text.value) }, '打印'),
        h('button', { type: 'button', onclick: () => { state.draftFor = null; replace(draftBox); } }, '取消'))));
    text.focus();
  }

  function printText(title, text) {
    const w = window.open('', '_blank');
    if (!w) return say('浏览器阻止了打印窗口', 'error');
    w.document.title = title;
    w.document.body.append(Object.assign(w.document.createElement('pre'), { textContent: text, style: 'font: 16px/1.8 serif; white-space: pre-wrap' }));
    w.print();
  }

  // ---- zero reports -----------------------------------------------------------------------------
  // GET /duty/zero-reports: today's (and the next) zero reports while a response is active, each
  // waiting with a red countdown or filed, and the text eoc drafted for the earliest waiting day.
  async function refreshZero() {
    if (!has('GET', '/duty/zero-reports')) return replace(zeroBox);
    if (!can('GET', '/duty/zero-reports')) return replace(zeroBox);
    state.zeroView = await get('/duty/zero-reports').catch(() => null);
    state.zero = listOf(state.zeroView, 'due');
    renderZero();
  }

  function zeroLine(z) {
    const left = z.met ? null : countdown(z.due_at);
    const overdue = !z.met && (z.overdue || left.overdue);
    const mayFile = can('POST', '/duty/zero-reports');
    return h('li', { class: `due zero${overdue ? ' overdue' : ''}${z.met ? ' met' : ''}`, 'data-stage': 'zero', 'data-date': z.date, 'data-overdue': String(overdue) },
      `${z.date} 零报告 → ${state.zeroView?.to || ''}：`,
      z.met ? `已报 ${shortTime(z.filed_at)}${z.late ? '（迟报）' : ''}`
        : h('span', { class: 'countdown', 'data-deadline': z.due_at }, `${shortTime(z.due_at)} 前，${left.text}`),
      !z.met && mayFile ? h('button', { type: 'button', class: 'small', 'data-action': 'draft-zero', onclick: () => openZeroDraft(z) }, '起草') : null);
  }

  function renderZero() {
    // Days past and today; tomorrow's shows once today's is filed (the response goes on).
    const today = toField(new Date()).slice(0, 10);
    const shown = state.zero.filter((z) => z.date <= today || state.zero.every((o) => o.met || o.date > today));
    if (!shown.length) return replace(zeroBox);
    replace(zeroBox, h('h3', {}, '零报告（应急响应期间每日报送）'),
      h('ul', { class: 'due-list', 'data-testid': 'zero-reports' }, shown.map(zeroLine)),
      shown[0]?.reasons?.length ? h('p', { class: 'muted' }, `响应：${shown[0].reasons.join('；')}`) : null);
  }

  function openZeroDraft(z) {
    const view = state.zeroView || {};
    state.draftFor = { stage: 'zero', channel: 'written', to: view.to || '', date: z.date };
    const draft = view.draft && view.draft.date === z.date ? view.draft : { title: '', text: '' };
    renderDraft(draft);
  }

  // ---- the duty log -----------------------------------------------------------------------------
  function today() { return toField(new Date()).slice(0, 10); }

  async function refreshLog() {
    if (!has('GET', '/duty/log')) return replace(logBox, h('h3', {}, '值班日志'), unavailable('值班日志'));
    if (!can('GET', '/duty/log')) return replace(logBox);
    const since = `${today()}T00:00:00+08:00`;
    state.log = listOf(await get(`/duty/log?since=${encodeURIComponent(since)}`).catch(() => []), 'entries');
    renderLog();
  }

  function renderLog() {
    const mayWrite = can('POST', '/duty/log');
    const kind = h('select', { id: 'log-kind', 'aria-keyshortcuts': 'Alt+L' }, Object.entries(LOG_KINDS).map(([k, v]) => h('option', { value: k }, v)));
    const party = h('input', { id: 'log-party', placeholder: '对方（单位、姓名、电话）' });
    const content = h('textarea', { id: 'log-content', rows: 3, placeholder: '内容（Ctrl+Enter 记录）' });
    const incident = h('select', { id: 'log-incident' }, h('option', { value: '' }, '不关联事件'),
      state.incidents.map((i) => h('option', { value: i.id }, `${INCIDENT_TYPES[i.type] || i.type} ${shortTime(i.first_known_at)}`)));
    const correcting = state.correcting;
    const submit = async () => {
      if (!content.value.trim()) return say('请填写日志内容', 'error');
      const body = { kind: kind.value, content: content.value };
      if (party.value.trim()) body[kind.value === 'call_out' ? 'to' : 'from'] = party.value.trim();
      if (incident.value) body.incident_id = incident.value;
      if (correcting) body.corrects = correcting.id;
      try {
        await post('/duty/log', body);
        say(correcting ? '已记录更正' : `已记录：${LOG_KINDS[kind.value]}`);
        state.correcting = null;
        await refreshLog();
        document.getElementById('log-content')?.focus();
      } catch (err) { say(errorText(err), 'error'); }
    };
    content.addEventListener('keydown', (e) => { if (e.key === 'Enter' && e.ctrlKey) { e.preventDefault(); submit(); } });
    if (correcting) {
      kind.value = correcting.kind;
      party.value = correcting.from || correcting.to || '';
      if (correcting.incident_id) incident.value = correcting.incident_id;
    }
    const entries = [...state.log].reverse();
    replace(logBox, h('h3', {}, '值班日志 ',
      has('GET', '/duty/log.html') ? h('a', { href: `/duty/log.html?date=${today()}`, target: '_blank', class: 'small' }, '打印今日日志') : null, ' ',
      has('GET', '/duty/log.csv') ? h('a', { href: `/duty/log.csv?date=${today()}`, class: 'small' }, '导出 CSV') : null),
    mayWrite ? h('form', { class: 'panel-form log-entry', onsubmit: (e) => { e.preventDefault(); submit(); } },
      correcting ? h('p', { class: 'correcting' }, `更正 ${fullTime(correcting.at)} 的记录：${correcting.content} `,
        h('button', { type: 'button', class: 'small', onclick: () => { state.correcting = null; renderLog(); } }, '取消更正')) : null,
      h('div', { class: 'form-grid' },
        h('label', { for: 'log-kind' }, '类别'), kind,
        h('label', { for: 'log-party' }, '对方'), party,
        h('label', { for: 'log-incident' }, '事件'), incident),
      h('label', { for: 'log-content' }, '内容'), content,
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', 'data-action': 'log-entry' }, correcting ? '记录更正' : '记录'))) : null,
    h('ol', { class: 'log-list', reversed: true }, entries.map((e) => h('li', { 'data-log-id': e.id, class: listOf(e.corrected_by).length ? 'corrected' : '' },
      h('span', { class: 'when' }, fullTime(e.at)), ' ', h('span', { class: 'kind' }, `[${e.kind_name || LOG_KINDS[e.kind] || e.kind}]`), ' ',
      e.from ? `${e.from}：` : '', e.to ? `→${e.to}：` : '', e.content,
      e.corrects ? h('span', { class: 'muted' }, '（更正）') : null,
      listOf(e.corrected_by).length ? h('span', { class: 'muted' }, '（已更正）') : null,
      h('span', { class: 'muted' }, ` — ${e.author}`),
      mayWrite ? h('button', { type: 'button', class: 'small', 'data-action': 'correct-entry', onclick: () => { state.correcting = e; renderLog(); document.getElementById('log-content')?.focus(); } }, '更正') : null))));
  }

  // ---- countdowns tick; events refresh --------------------------------------------------------
  setInterval(() => {
    for (const span of container.querySelectorAll('.countdown[data-deadline]')) {
      const left = countdown(span.dataset.deadline);
      span.textContent = `${shortTime(span.dataset.deadline)} 前，${left.text}`;
      const li = span.closest('li.due');
      if (li && left.overdue && !li.classList.contains('overdue')) { li.classList.add('overdue'); li.dataset.overdue = 'true'; }
    }
  }, 1000);

  let timer = null;
  function onEvent(type) {
    if (!/^(duty|incident|report|roster|handover|zero)/.test(type)) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (/^(roster|duty\.roster)/.test(type)) refreshNow();
      if (/^(incident|report|zero)/.test(type)) { refreshIncidents(); refreshZero(); }
      if (/^(duty\.log|incident)/.test(type)) refreshLog();
      if (/handover/.test(type)) refreshHandovers();
    }, 150);
  }

  async function refresh() {
    renderRoster();
    await Promise.all([refreshNow(), refreshIncidents(), refreshZero(), refreshHandovers()]);
    await refreshLog();
  }

  // The last handover for whoever logs in while it waits: opened on this tab.
  // The caller shows this tab; then the handover is scrolled to and its accept button focused.
  function openHandoverIfWaiting() {
    const open = state.handovers.find((ho) => !ho.accepted_at);
    const waiting = Boolean(open && session.principal && open.from !== session.principal.name);
    if (waiting) {
      requestAnimationFrame(() => {
        handoverBox.scrollIntoView({ block: 'start' });
        handoverBox.querySelector('[data-action=accept-handover]')?.focus();
      });
    }
    return waiting;
  }

  return { refresh, onEvent, openHandoverIfWaiting, render: () => { renderNow(); renderIncidents(); renderLog(); renderHandover(); } };
}

