// Teams: the roster by status with headcount totals, recommend-and-dispatch for an incident,
// and the activation checklist with its deadlines counting down.
import { can, get, has, listOf, post } from './api.js';
import { errorText, h, replace, unavailable } from './dom.js';
import { countdown, shortTime } from './beijing-time.js';
import { FRESHNESS, INCIDENT_TYPES, SPECIALTIES, TEAM_STATUSES } from './vocabulary.js';

// Teams from GET /teams when it exists, else the home bases of the teams layer (status unknown).
export async function fetchTeams() {
  const layer = await get('/collections/teams/items?limit=10000').then((fc) => fc.features || []).catch(() => []);
  const home = new Map(layer.map((f) => [String(f.id ?? f.properties.id), f]));
  let live = [];
  if (has('GET', '/teams')) live = listOf(await get('/teams').catch(() => []), 'teams');
  const source = live.length ? live : layer.map((f) => ({ ...f.properties, id: String(f.id ?? f.properties.id) }));
  return source.map((t) => {
    const f = home.get(String(t.id));
    const specialties = Array.isArray(t.specialties) ? t.specialties : String(t.specialties || f?.properties.specialties || '').split(',').filter(Boolean);
    return {
      ...f?.properties, ...t,
      headcount: Number(t.headcount ?? f?.properties.headcount ?? 0),
      specialtiesText: specialties.map((s) => SPECIALTIES[s] || s).join('、'),
      home: f ? { lat: f.geometry.coordinates[1], lng: f.geometry.coordinates[0] } : null,
    };
  });
}

export function createTeamsPanel(container, app) {
  const summary = h('div', { class: 'team-summary' });
  const table = h('div', { class: 'team-table' });
  const dispatch = h('div', { class: 'dispatch' });
  const checklist = h('div', { class: 'checklist', 'aria-live': 'polite' });
  const message = h('p', { class: 'message', role: 'status', 'aria-live': 'polite' });
  replace(container, h('h2', {}, '救援队伍'), message, summary, checklist, dispatch, table);
  const say = (text, kind = 'ok') => { message.textContent = text; message.dataset.kind = kind; };
  let activation = null;

  function renderSummary() {
    const total = app.teams.reduce((n, t) => n + t.headcount, 0);
    const byStatus = new Map();
    for (const t of app.teams) {
      const key = t.status || 'unknown';
      const s = byStatus.get(key) || { teams: 0, people: 0 };
      s.teams += 1; s.people += t.headcount;
      byStatus.set(key, s);
    }
    replace(summary, h('p', { class: 'total' }, `共 ${app.teams.length} 支队伍，`, h('strong', { 'data-testid': 'team-headcount' }, total.toLocaleString('zh-CN')), ' 人'),
      h('ul', { class: 'status-chips' }, [...byStatus].map(([key, s]) => h('li', { style: `--status-colour: ${TEAM_STATUSES[key]?.colour || '#9e9e9e'}` },
        `${TEAM_STATUSES[key]?.name || '状态未知'}：${s.teams} 队 / ${s.people.toLocaleString('zh-CN')} 人`))));
  }

  async function setStatus(t, status) {
    try {
      await post(`/teams/${encodeURIComponent(t.id)}/status`, { status, note: '值班台' });
      say(`${t.name}：${TEAM_STATUSES[status].name}`);
      await app.refreshTeams();
    } catch (err) { say(errorText(err), 'error'); }
  }

  function renderTable() {
    const order = Object.keys(TEAM_STATUSES);
    const sorted = [...app.teams].sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status) || String(a.id).localeCompare(String(b.id)));
    const mayChange = can('POST', '/teams/{id}/status');
    replace(table, h('table', {},
      h('thead', {}, h('tr', {}, ['编号', '队伍', '状态', '人数', '专业', '位置'].map((c) => h('th', { scope: 'col' }, c)), mayChange ? h('th', { scope: 'col' }, '改状态') : null)),
      h('tbody', {}, sorted.map((t) => h('tr', { 'data-team-id': t.id },
        h('td', {}, t.id), h('td', {}, t.name),
        h('td', {}, h('span', { class: 'status-dot', style: `--status-colour: ${TEAM_STATUSES[t.status]?.colour || '#9e9e9e'}` }), TEAM_STATUSES[t.status]?.name || '未知'),
        h('td', { class: 'num' }, t.headcount), h('td', {}, t.specialtiesText),
        h('td', { class: `fresh-${t.freshness || 'none'}` }, t.freshness ? FRESHNESS[t.freshness] || t.freshness : '驻地'),
        mayChange ? h('td', {}, h('select', { 'aria-label': `${t.name} 状态`, onchange: (e) => setStatus(t, e.target.value) },
          Object.entries(TEAM_STATUSES).map(([k, s]) => h('option', { value: k, selected: k === t.status }, s.name)))) : null))),
      h('tfoot', {}, h('tr', {}, h('th', { colspan: 3 }, '合计'), h('td', { class: 'num' }, app.teams.reduce((n, t) => n + t.headcount, 0)), h('td', { colspan: mayChange ? 3 : 2 })))));
  }

  function renderDispatch() {
    if (!has('GET', '/dispatch/recommend')) return replace(dispatch, h('h3', {}, '推荐派遣'), unavailable('派遣推荐'));
    const lon = h('input', { id: 'incident-lon', inputmode: 'decimal', value: app.lastClick ? app.lastClick.lng.toFixed(5) : '' });
    const lat = h('input', { id: 'incident-lat', inputmode: 'decimal', value: app.lastClick ? app.lastClick.lat.toFixed(5) : '' });
    const type = h('select', { id: 'incident-type' }, Object.entries(INCIDENT_TYPES).map(([k, v]) => h('option', { value: k }, v)));
    const specialty = h('select', { id: 'incident-specialty' }, h('option', { value: '' }, '不限'), Object.entries(SPECIALTIES).map(([k, v]) => h('option', { value: k }, v)));
    const people = h('input', { id: 'incident-people', type: 'number', min: 1, value: 50 });
    const result = h('div');
    const form = h('form', { class: 'panel-form', onsubmit: async (e) => {
      e.preventDefault();
      try {
        const q = new URLSearchParams({ lon: lon.value, lat: lat.value, people: people.value });
        if (specialty.value) q.set('specialty', specialty.value);
        const rec = await get(`/dispatch/recommend?${q}`);
        const teams = listOf(rec, 'teams', 'recommendations');
        const picks = teams.map((r) => h('input', { type: 'checkbox', value: r.id || r.team, checked: true }));
        replace(result, h('ol', { class: 'recommendations' }, teams.map((r, i) => h('li', {}, h('label', {}, picks[i],
          `${r.name || r.id || r.team}（${r.headcount ?? r.people ?? '?'} 人`, r.eta_min != null ? `，约 ${Math.round(r.eta_min)} 分钟` : '',
          r.eta_method ? `，${r.eta_method}` : '', '）')))),
        can('POST', '/incidents') ? h('button', { type: 'button', class: 'primary', onclick: async () => {
          try {
            const incident = await post('/incidents', { type: type.value, location: [Number(lon.value), Number(lat.value)], casualties: 0 });
            await post(`/incidents/${encodeURIComponent(incident.id)}/dispatch`, { teams: picks.filter((p) => p.checked).map((p) => p.value), force: false, reason: '' });
            say(`已派遣 ${picks.filter((p) => p.checked).length} 支队伍`);
            await app.refreshTeams();
          } catch (err) { say(errorText(err), 'error'); }
        } }, '创建事件并派遣') : null);
      } catch (err) { replace(result, h('p', { class: 'error' }, errorText(err))); }
    } }, h('h3', {}, '推荐派遣（在地图上点击选择位置）'),
    h('div', { class: 'form-grid' }, h('label', { for: 'incident-type' }, '事件类型'), type,
      h('label', { for: 'incident-lon' }, '经度'), lon, h('label', { for: 'incident-lat' }, '纬度'), lat,
      h('label', { for: 'incident-specialty' }, '专业'), specialty, h('label', { for: 'incident-people' }, '需要人数'), people),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, '推荐队伍')), result);
    replace(dispatch, form);
  }

  function renderChecklist() {
    if (!activation) return replace(checklist);
    const actions = listOf(activation.actions, 'actions');
    replace(checklist, h('h3', {}, '启动清单', activation.because ? `（${activation.because}）` : ''),
      listOf(activation.plans).length ? h('p', {}, '启动预案：', listOf(activation.plans).map((p) => `${p.title || p.id}${p.level ? ` ${p.level}` : ''}`).join('；')) : null,
      h('ol', { class: 'checklist-items' }, actions.map((a) => {
        const deadline = a.deadline || a.due;
        const left = deadline ? countdown(deadline) : null;
        return h('li', { class: left?.overdue ? 'overdue' : '' }, h('label', {}, h('input', { type: 'checkbox' }), ` ${a.text || a.action || a.description || a.title || JSON.stringify(a)}`),
          a.unit || a.owner ? h('span', { class: 'owner' }, ` — ${a.unit || a.owner}`) : null,
          deadline ? h('span', { class: 'deadline' }, ` ${shortTime(deadline)} · ${left.text}`) : null);
      })));
  }

  function render() {
    renderSummary();
    renderTable();
    renderDispatch();
    renderChecklist();
  }

  setInterval(() => { if (activation) renderChecklist(); }, 1000);

  return {
    render,
    showActivation(a) { activation = a; renderChecklist(); },
    setLocation() { if (!container.querySelector('#incident-lon:focus, #incident-lat:focus')) renderDispatch(); },
  };
}
