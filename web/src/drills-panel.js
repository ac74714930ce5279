// The drill planner: a scenario in, the impact on the map, the MSEL, a simulated or live run
// (followed live from /events), and the report. Every drill is an exercise and is shown as one.
import { can, get, has, listOf, post } from './api.js';
import { errorText, h, replace, unavailable } from './dom.js';
import { DRILL_STATES, liveOf, mselTable, noticeAcks, openReport, runFacts } from './drill-run.js';

const SHOWN_KEY = 'eoc.drill';
const path = (d, tail = '') => `/drills/${encodeURIComponent(d.id ?? d)}${tail}`;

export function createDrillsPanel(container, app) {
  const message = h('p', { class: 'message', role: 'status', 'aria-live': 'polite' });
  const detail = h('div', { class: 'drill-detail' });
  let shown = null; // the drill on screen
  let generation = 0; // only the latest answer is drawn, whatever order they arrive in

  const say = (text, kind = 'ok') => { message.textContent = text; message.dataset.kind = kind; };

  function showDrill(d) {
    if (d.id !== shown?.id) {
      app.map.setImpact(d.impact?.geojson || d.impact?.features ? (d.impact.geojson || d.impact) : null);
      sessionStorage.setItem(SHOWN_KEY, d.id);
    }
    shown = d;
    const msel = listOf(d.msel, 'rows', 'injects');
    const live = liveOf(d);
    const title = d.scenario?.title || d.title;
    replace(detail,
      h('h3', { 'data-drill-id': d.id }, h('span', { class: 'drill-tag' }, '【演练】'), `演练 ${d.id}`, title ? `：${title}` : ''),
      runFacts(d),
      d.impact?.summary ? h('p', {}, typeof d.impact.summary === 'string' ? d.impact.summary : JSON.stringify(d.impact.summary)) : null,
      h('div', { class: 'actions' },
        d.state === 'planned' && can('POST', '/drills/{id}/run')
          ? h('button', { class: 'primary', 'data-action': 'start-live', onclick: () => startLive(d) }, '实战演练开始') : null,
        d.state === 'running' && can('POST', '/drills/{id}/finish')
          ? h('button', { class: 'danger', 'data-action': 'finish', onclick: () => finish(d) }, '结束演练') : null,
        d.state !== 'running' && !live && can('POST', '/drills/{id}/run')
          ? h('button', { 'data-action': 'simulate', onclick: () => simulate(d) }, '模拟运行') : null,
        d.state === 'finished' && can('GET', '/drills/{id}/report.html')
          ? h('button', { class: 'link', 'data-action': 'report', onclick: () => report(d) }, '【演练】评估报告') : null),
      noticeAcks(d, (code) => app.committeeNames.get(code) || code),
      msel.length ? mselTable(d, msel) : null);
  }

  // Draws the drill that `promise` answers, unless a later request (e.g. a re-fetch on an event
  // that arrived before this answer) has been made meanwhile; says how the action went anyway.
  async function show(promise, done, { quiet = false } = {}) {
    const mine = ++generation;
    try {
      const d = await promise;
      if (mine === generation) showDrill(d);
      if (done) say(done);
    } catch (err) {
      if (!quiet) say(errorText(err), 'error');
    }
  }

  const reload = () => show(get(path(shown)));

  function simulate(d) {
    show(post(path(d, '/run'), { mode: 'simulated', seed: 42, speed: 60 }).then(() => get(path(d))), '【演练】模拟运行完成');
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

  // Events of the drill on screen: fetch it again (injects fired, acks, finished elsewhere).
  function onEvent(type, envelope) {
    if (!shown || !type.startsWith('drill.')) return;
    const data = envelope?.data || {};
    if ((data.drill ?? data.id) !== shown.id) return;
    if (type === 'drill.warning_failed') say(`【演练】演练预警未能发出：${data.error || ''}`, 'error');
    if (['drill.started', 'drill.inject', 'drill.acked', 'drill.finished', 'drill.warning_failed'].includes(type)) reload();
  }

  function render() {
    if (!has('POST', '/drills')) return replace(container, h('h2', {}, '演练'), unavailable('演练策划'));
    const scenario = h('input', { id: 'drill-scenario', value: 'earthquake-yamalik' });
    replace(container, h('h2', {}, '演练'), message,
      can('POST', '/drills') ? h('form', { class: 'panel-form drill', onsubmit: (e) => {
        e.preventDefault();
        show(post('/drills', { scenario_id: scenario.value }).then((d) => (d.id && !d.msel ? get(path(d)) : d)),
          `【演练】演练方案已生成（${DRILL_STATES.planned}）`);
      } }, h('label', { for: 'drill-scenario' }, '情景编号'), scenario, h('button', { type: 'submit' }, '生成演练方案')) : null,
      detail);
    // The drill on screen survives a reload of the desk (there is no list of drills to find it in).
    const last = sessionStorage.getItem(SHOWN_KEY);
    if (!can('GET', '/drills/{id}')) {
      shown = null;
      replace(detail);
      app.map.setImpact(null);
    } else if (shown) {
      showDrill(shown); // this person may offer other actions than the last one
    } else if (last) {
      show(get(path(last)).catch((err) => { sessionStorage.removeItem(SHOWN_KEY); throw err; }), '', { quiet: true });
    }
  }

  return { render, onEvent };
}
