// Drills as one flow, picked rather than typed: ① a scenario from the library (or a saved drill)
// → ② the plan: impact zones on the map, objectives, participants and the MSEL, editable row by
// row → ③ a simulated run or a live one (followed live from /events) → ④ the after-action
// report. Every drill is an exercise and is shown as one (【演练】).
import { can, get, has, listOf, post } from './api.js';
import { errorText, h, replace, unavailable } from './dom.js';
import { shortTime } from './beijing-time.js';
import { DRILL_STATES, liveOf, mselTable, noticeAcks, openReport, runFacts } from './drill-run.js';
import { openMselEditor } from './msel-editor.js';
import { DRILL_TYPES } from './vocabulary.js';

const SHOWN_KEY = 'eoc.drill';
const path = (d, tail = '') => `/drills/${encodeURIComponent(d.id ?? d)}${tail}`;
const STEPS = ['选择情景', '策划', '运行', '评估报告'];

// Which step of the flow a drill is at (0: none open).
function stepOf(d) {
  if (!d) return 0;
  if (d.state === 'finished') return 3;
  if (d.state === 'running') return 2;
  return 1;
}

const typeName = (type) => DRILL_TYPES[type] || type || '';

const n = (v) => Number(v).toLocaleString('zh-CN');
const ROMAN = ['', 'Ⅰ', 'Ⅱ', 'Ⅲ', 'Ⅳ', 'Ⅴ', 'Ⅵ', 'Ⅶ', 'Ⅷ', 'Ⅸ', 'Ⅹ', 'Ⅺ', 'Ⅻ'];
const RISK = { severe: '极高', high: '高', watch: '需关注' };

// The impact model's figures as sentences: an earthquake's intensities and displaced people, a
// rainstorm's points at risk, a leak's or fire's evacuation area (whichever the drill has).
export function impactLines(impact) {
  const out = [];
  const eq = impact?.earthquake;
  if (eq) {
    out.push(`M${eq.magnitude} 地震，震源深度 ${eq.depth_km} km，震中烈度 ${Number(eq.epicentral_intensity ?? eq.peak_intensity).toFixed(1)} 度`);
    const byDegree = listOf(eq.population_by_degree);
    if (byDegree.length) out.push(`受影响人口：${byDegree.map((p) => `${ROMAN[p.degree] || p.degree}度 ${n(p.population)} 人`).join('，')}`);
    if (eq.displaced != null) out.push(`需转移安置约 ${n(eq.displaced)} 人，避难场所缺口 ${n(eq.shortfall ?? 0)} 人`);
    if (listOf(eq.geohazards_triggered).length) out.push(`可能触发地质灾害点 ${eq.geohazards_triggered.length} 处`);
  }
  const rain = impact?.rainstorm;
  if (rain) {
    out.push(`雨强 ${rain.rate_mm_h} mm/h，持续 ${rain.duration_h} 小时，累计 ${rain.total_mm} mm`);
    out.push(`涉及 ${listOf(rain.committees).length} 个片区、${n(rain.population ?? 0)} 人`);
    const risk = listOf(rain.at_risk);
    if (risk.length) out.push(`风险点 ${risk.length} 处：${risk.map((r) => `${r.name}（风险${RISK[r.risk] || r.risk}）`).join('、')}`);
  }
  const area = impact?.area;
  if (area) {
    out.push(`疏散半径 ${area.radius_m} m${area.downwind_radius_m ? `，下风向 ${area.downwind_radius_m} m` : ''}；涉及 ${listOf(area.communities).length} 个社区、${n(area.population ?? 0)} 人`);
    const inside = listOf(area.shelters_inside);
    const safe = listOf(area.safe_shelters);
    if (inside.length || safe.length) out.push(`范围内避难场所 ${inside.length} 处（不宜使用）；可用避难场所：${safe.map((x) => `${x.name}（${n(x.distance_m)} m）`).join('、') || '无'}`);
    if (listOf(area.teams).length) out.push(`附近队伍：${area.teams.map((t) => `${t.name}（${n(t.distance_m)} m）`).join('、')}`);
  }
  return out;
}

// A zone of the drill's zones collection, as the legend names it.
function zoneName(p) {
  if (p.kind === 'intensity_zone') return `${ROMAN[p.degree] || p.degree}度区`;
  if (p.kind === 'risk_area') return `${p.name}（风险${RISK[p.risk] || p.risk}）`;
  if (p.kind === 'evacuation_area') return `疏散区（半径 ${n(p.radius_m)} m）`;
  return p.name || p.id || '影响区';
}

// Objectives as the scenario states them ({id, text}) or as plain text.
function objectivesList(objectives) {
  const list = listOf(objectives);
  if (!list.length) return null;
  return h('ol', { class: 'objectives' }, list.map((o) => h('li', { 'data-objective': o.id ?? null }, typeof o === 'string' ? o : o.text || o.id)));
}

export function createDrillsPanel(container, app) {
  const message = h('p', { class: 'message', role: 'status', 'aria-live': 'polite' });
  const steps = h('ol', { class: 'drill-steps', 'aria-label': '演练流程' });
  const picker = h('div', { class: 'drill-picker' });
  const detail = h('div', { class: 'drill-detail' });
  const editorHost = h('div');
  const zonesNote = h('p', { class: 'zones-note', 'data-testid': 'zones-note' }); // the zones drawn on the map
  let shown = null; // the drill on screen
  let editing; // the MSEL row being edited (index), if any
  let scenarios = null; // GET /drills/scenarios
  let saved = null; // GET /drills
  let generation = 0; // only the latest answer is drawn, whatever order they arrive in
  const places = new Map(); // "lon,lat" -> committee name at that point (GET /geo/locate)

  const say = (text, kind = 'ok') => { message.textContent = text; message.dataset.kind = kind; };

  function renderSteps() {
    const at = stepOf(shown);
    replace(steps, STEPS.map((name, i) => h('li', { class: i === at ? 'current' : i < at ? 'done' : '', 'aria-current': i === at ? 'step' : null },
      `${'①②③④'[i]} ${name}`)));
  }

  // --- ① the library and the saved drills ---------------------------------------------------

  function scenarioCard(s) {
    const place = s.place || (Array.isArray(s.location) ? places.get(s.location.join(',')) : null);
    return h('li', { class: 'scenario-card', 'data-scenario-id': s.id },
      h('h4', {}, s.title || s.id),
      h('p', { class: 'scenario-facts' }, h('span', { class: 'type-chip' }, typeName(s.type)), place ? ` · ${place}` : '',
        s.start ? ` · 设定 ${shortTime(s.start)}` : ''),
      objectivesList(s.objectives),
      can('POST', '/drills') ? h('button', { type: 'button', class: 'primary', 'data-action': 'plan', onclick: () => plan(s) }, '用此情景策划演练') : null);
  }

  function savedRow(d) {
    return h('li', { class: `saved-drill state-${d.state}`, 'data-drill-id': d.id },
      h('button', { type: 'button', class: 'link', 'data-action': 'open-drill', onclick: () => open(d.id) },
        `【演练】${d.title || d.id}`),
      h('span', { class: 'saved-facts' }, ` ${typeName(d.type)} · `, h('span', { class: 'state-chip', 'data-state': d.state }, DRILL_STATES[d.state] || d.state),
        d.mode ? `（${d.mode === 'live' ? '实战演练' : '模拟'}）` : '', ` · ${shortTime(d.created_at)} ${d.created_by || ''}`));
  }

  function renderPicker() {
    if (shown) return replace(picker);
    const library = can('GET', '/drills/scenarios')
      ? [h('h3', {}, `演练情景${scenarios ? `（${scenarios.length}）` : ''}`),
        scenarios === null ? h('p', { class: 'hint' }, '加载中…')
          : scenarios.length ? h('ul', { class: 'scenario-list' }, scenarios.map(scenarioCard)) : h('p', { class: 'empty' }, '情景库为空')]
      : null;
    const list = can('GET', '/drills')
      ? [h('h3', {}, `已保存的演练${saved ? `（${saved.length}）` : ''}`),
        saved === null ? h('p', { class: 'hint' }, '加载中…')
          : saved.length ? h('ul', { class: 'saved-drills' }, saved.map(savedRow)) : h('p', { class: 'empty' }, '还没有演练')]
      : null;
    replace(picker, library, list);
  }

  async function loadLists() {
    const gen = generation;
    const [s, d] = await Promise.all([
      can('GET', '/drills/scenarios') ? get('/drills/scenarios').then((r) => listOf(r, 'scenarios')).catch(() => []) : [],
      can('GET', '/drills') ? get('/drills').then((r) => listOf(r, 'drills')).catch(() => []) : [],
    ]);
    if (gen !== generation) return;
    scenarios = s;
    saved = d;
    renderPicker();
    // Where each scenario happens, by name, when the library gives only coordinates.
    for (const sc of scenarios) if (!sc.place && Array.isArray(sc.location)) placeOf(sc.location).then(() => renderPicker());
  }

  async function placeOf(location) {
    const key = location.join(',');
    if (places.has(key) || !has('GET', '/geo/locate')) return places.get(key);
    places.set(key, null);
    try {
      const r = await get(`/geo/locate?lon=${location[0]}&lat=${location[1]}`);
      places.set(key, r.committee?.name || null);
    } catch { /* a place name is a nicety */ }
    return places.get(key);
  }

  // --- ② the plan, ③ the run, ④ the report ----------------------------------------------------

  async function showImpact(d) {
    const id = d.zones_collection;
    replace(zonesNote);
    if (!id) return app.map.setImpact(null);
    try {
      const zones = await get(`/collections/${encodeURIComponent(id)}/items?limit=1000`);
      if (shown?.id !== d.id) return;
      app.map.setImpact(zones, { fit: true });
      const names = listOf(zones.features).map((f) => zoneName(f.properties || {}));
      replace(zonesNote, `地图上 ${names.length} 个影响区（紫色，越深越重）：${names.join('、')}`);
    } catch {
      app.map.setImpact(null);
    }
  }

  function impactFacts(d) {
    const lines = impactLines(d.impact);
    return lines.length ? h('ul', { class: 'impact-headlines' }, lines.map((x) => h('li', {}, x))) : null;
  }

  function showDrill(d) {
    if (d.id !== shown?.id) {
      editing = undefined;
      replace(editorHost);
      sessionStorage.setItem(SHOWN_KEY, d.id);
      shown = d;
      showImpact(d);
    }
    shown = d;
    const msel = listOf(d.msel, 'rows', 'injects');
    const live = liveOf(d);
    const sc = d.scenario || {};
    const title = sc.title || d.title;
    const mayEdit = d.state === 'planned' && can('PUT', '/drills/{id}/msel');
    const committees = d.participants?.committees || [];
    const teams = d.participants?.teams || [];
    const place = Array.isArray(sc.location) ? places.get(sc.location.join(',')) : null;
    if (Array.isArray(sc.location) && !places.has(sc.location.join(','))) placeOf(sc.location).then(() => { if (shown?.id === d.id) showDrill(shown); });
    renderSteps();
    renderPicker();
    replace(detail,
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'link', 'data-action': 'back-to-drills', onclick: close }, '← 全部演练与情景')),
      h('h3', { 'data-drill-id': d.id }, h('span', { class: 'drill-tag' }, '【演练】'), title || `演练 ${d.id}`),
      h('p', { class: 'scenario-facts' }, h('span', { class: 'type-chip' }, typeName(sc.type)), place ? ` · ${place}` : '',
        sc.start ? ` · 设定 ${shortTime(sc.start)}` : '', ` · 编号 ${d.id}`),
      runFacts(d),
      sc.objectives ? [h('h4', {}, '演练目标'), objectivesList(sc.objectives)] : null,
      h('h4', {}, '影响范围（地图：演练影响范围图层）'),
      zonesNote,
      impactFacts(d),
      committees.length || teams.length ? h('dl', { class: 'facts participants' },
        h('dt', {}, '参演片区'), h('dd', {}, committees.map((c) => c.name || app.committeeNames.get(c.code) || c.code).join('、') || '—'),
        h('dt', {}, '参演队伍'), h('dd', {}, teams.map((t) => t.name || t.id).join('、') || '—'),
        sc.units?.length ? [h('dt', {}, '参演单位'), h('dd', {}, sc.units.join('、'))] : null) : null,
      h('div', { class: 'actions run-actions' },
        d.state !== 'running' && !live && can('POST', '/drills/{id}/run')
          ? h('button', { type: 'button', 'data-action': 'simulate', onclick: () => simulate(d) }, d.state === 'finished' ? '重新模拟运行' : '模拟运行') : null,
        d.state === 'planned' && can('POST', '/drills/{id}/run')
          ? h('button', { type: 'button', class: 'primary', 'data-action': 'start-live', onclick: () => startLive(d) }, '实战演练开始') : null,
        d.state === 'running' && can('POST', '/drills/{id}/finish')
          ? h('button', { type: 'button', class: 'danger', 'data-action': 'finish', onclick: () => finish(d) }, '结束演练') : null,
        d.state === 'finished' && can('GET', '/drills/{id}/report.html')
          ? h('button', { type: 'button', class: 'primary', 'data-action': 'report', onclick: () => report(d) }, '【演练】评估报告') : null),
      noticeAcks(d, (code) => app.committeeNames.get(code) || code),
      h('h4', {}, `情景事件清单（MSEL，${msel.length} 条）`, mayEdit ? h('span', { class: 'hint' }, ' 开始前可逐条编辑') : null),
      msel.length ? mselTable(d, msel, { onEdit: mayEdit ? (i) => edit(d, msel, i) : null, editing, editor: editorHost }) : h('p', { class: 'empty' }, '无'),
      mayEdit ? h('div', { class: 'actions' }, h('button', { type: 'button', 'data-action': 'msel-add', onclick: () => edit(d, msel, msel.length) }, '＋ 添加一条')) : null,
      editing === undefined || editing < msel.length ? null : editorHost);
  }

  function edit(d, rows, index) {
    editing = index;
    showDrill(d);
    openMselEditor(editorHost, {
      drill: d, rows, index, say,
      onSaved: (answer) => { editing = undefined; showDrill(answer); detail.querySelector(`.msel tr[data-seq="${Math.min(index + 1, listOf(answer.msel).length)}"] [data-action=msel-edit]`)?.focus(); },
      onClosed: () => { const at = editing; editing = undefined; showDrill(d); detail.querySelectorAll('.msel [data-action=msel-edit]')[at]?.focus(); },
    });
  }

  // Draws the drill that `promise` answers, unless a later request (e.g. a re-fetch on an event
  // that arrived before this answer) has been made meanwhile; says how the action went anyway.
  async function show(promise, done, { quiet = false } = {}) {
    const mine = ++generation;
    try {
      const d = await promise;
      if (mine === generation) showDrill(d);
      if (done) say(done);
      return d;
    } catch (err) {
      if (!quiet) say(errorText(err), 'error');
      return null;
    }
  }

  const reload = () => show(get(path(shown)));

  async function plan(s) {
    const d = await show(post('/drills', { scenario_id: s.id }).then((x) => (x.id && !x.msel ? get(path(x)) : x)),
      `【演练】演练方案已生成（${DRILL_STATES.planned}）：可在地图上查看影响范围，编辑情景事件后运行`);
    if (d) focusTitle();
  }

  async function open(id) {
    if (await show(get(path(id)))) focusTitle();
  }

  function focusTitle() {
    const title = detail.querySelector('h3[data-drill-id]');
    title?.setAttribute('tabindex', '-1');
    title?.focus();
  }

  function close() {
    generation += 1;
    shown = null;
    editing = undefined;
    sessionStorage.removeItem(SHOWN_KEY);
    app.map.setImpact(null);
    replace(detail);
    replace(editorHost);
    renderSteps();
    loadLists().then(() => picker.querySelector('button')?.focus());
  }

  function simulate(d) {
    show(post(path(d, '/run'), { mode: 'simulated', seed: 42, speed: 60 }).then(() => get(path(d))), '【演练】模拟运行完成，可查看评估报告');
  }

  function startLive(d) {
    if (!confirm('【演练】开始演练：将向参演片区管委会和救援队伍实际发送演练信息（均标注【演练】，不向公众发布）。\n确定开始？')) return;
    show(post(path(d, '/run'), { mode: 'live', speed: 1 }), '【演练】演练已开始');
  }

  function finish(d) {
    if (!confirm('【演练】结束本次演练？结束后将撤销演练预警并生成评估报告，不能再继续。')) return;
    show(post(path(d, '/finish')), '【演练】演练已结束，评估报告已生成');
  }

  async function report(d) {
    try { await openReport(d); } catch (err) { say(errorText(err), 'error'); }
  }

  // Events of drills: the one on screen is fetched again (injects fired, acks, finished
  // elsewhere); the saved list follows new and finished drills.
  function onEvent(type, envelope) {
    if (!type.startsWith('drill.')) return;
    const data = envelope?.data || {};
    if (!shown) {
      if (['drill.created', 'drill.started', 'drill.finished'].includes(type)) loadLists();
      return;
    }
    if ((data.drill ?? data.id) !== shown.id) return;
    if (type === 'drill.warning_failed') say(`【演练】演练预警未能发出：${data.error || ''}`, 'error');
    if (['drill.started', 'drill.inject', 'drill.acked', 'drill.finished', 'drill.warning_failed'].includes(type)) reload();
  }

  function render() {
    if (!has('POST', '/drills')) return replace(container, h('h2', {}, '演练'), unavailable('演练策划'));
    replace(container, h('h2', {}, '演练'), steps, message, picker, detail);
    renderSteps();
    if (!can('GET', '/drills/{id}')) {
      shown = null;
      replace(detail);
      replace(picker);
      app.map.setImpact(null);
      return;
    }
    // The drill on screen survives a reload of the desk.
    const last = sessionStorage.getItem(SHOWN_KEY);
    if (shown) {
      showDrill(shown); // this person may offer other actions than the last one
    } else if (last) {
      show(get(path(last)).catch((err) => { sessionStorage.removeItem(SHOWN_KEY); loadLists(); throw err; }), '', { quiet: true });
    } else {
      renderPicker();
      loadLists();
    }
  }

  return { render, onEvent };
}
