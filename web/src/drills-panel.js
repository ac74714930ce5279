// The drill planner: a scenario in, the impact on the map, the MSEL, a run, and the report.
import { can, get, has, listOf, post } from './api.js';
import { errorText, h, replace, unavailable } from './dom.js';

export function createDrillsPanel(container, app) {
  const message = h('p', { class: 'message', role: 'status', 'aria-live': 'polite' });
  const detail = h('div', { class: 'drill-detail' });

  function showDrill(d) {
    app.map.setImpact(d.impact?.geojson || d.impact?.features ? (d.impact.geojson || d.impact) : null);
    const msel = listOf(d.msel, 'rows', 'injects');
    replace(detail,
      h('h3', {}, `演练 ${d.id}`, d.title ? `：${d.title}` : ''),
      d.impact?.summary ? h('p', {}, typeof d.impact.summary === 'string' ? d.impact.summary : JSON.stringify(d.impact.summary)) : null,
      msel.length ? h('table', { class: 'msel' },
        h('thead', {}, h('tr', {}, ['序号', '时间', '类型', '发送', '接收', '内容', '预期行动'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, msel.map((r) => h('tr', {}, [r.seq, r.time_offset ?? r.time, r.inject_type ?? r.type, r.from, r.to, r.description, r.expected_action]
          .map((v) => h('td', {}, v ?? '')))))) : null,
      h('div', { class: 'actions' },
        can('POST', '/drills/{id}/run') ? h('button', { onclick: () => run(d) }, '模拟运行') : null,
        has('GET', '/drills/{id}/report.html') ? h('a', { href: `/drills/${encodeURIComponent(d.id)}/report.html`, target: '_blank', rel: 'noopener' }, '评估报告') : null));
  }

  async function run(d) {
    try {
      await post(`/drills/${encodeURIComponent(d.id)}/run`, { mode: 'simulated', seed: 42, speed: 60 });
      showDrill(await get(`/drills/${encodeURIComponent(d.id)}`));
      message.textContent = '演练已运行';
    } catch (err) { message.textContent = errorText(err); }
  }

  function render() {
    if (!has('POST', '/drills')) return replace(container, h('h2', {}, '演练'), unavailable('演练策划'));
    const scenario = h('input', { id: 'drill-scenario', value: 'earthquake-yamalik' });
    replace(container, h('h2', {}, '演练'), message,
      can('POST', '/drills') ? h('form', { class: 'panel-form', onsubmit: async (e) => {
        e.preventDefault();
        try {
          const d = await post('/drills', { scenario_id: scenario.value });
          showDrill(d.id && !d.msel ? await get(`/drills/${encodeURIComponent(d.id)}`) : d);
          message.textContent = '演练方案已生成';
        } catch (err) { message.textContent = errorText(err); }
      } }, h('label', { for: 'drill-scenario' }, '情景编号'), scenario, h('button', { type: 'submit' }, '生成演练方案')) : null,
      detail);
  }

  return { render };
}
