// 物资: relief stock by warehouse (batches coloured by expiry), the needs and days of supply for
// the current activation or drill (or a number of people), the movement form (入库 出库 调拨 报损
// 盘点) saying which batches an issue took, the stocktake import, and the ledger.
import './stock.css';
import { ApiError, can, get, has, listOf, post, session } from './api.js';
import { errorText, h, replace, unavailable } from './dom.js';
import { shortTime } from './beijing-time.js';
import { MOVEMENT_KINDS, daysText, expiryState, expiryText, quantityText, takenText } from './stock-view.js';

const LEDGER_ROWS = 30;

export function createStockPanel(container, app) {
  const message = h('p', { class: 'message', role: 'status', 'aria-live': 'polite' });
  const stockHost = h('div', { class: 'stock-levels' });
  const needsHost = h('div', { class: 'stock-needs' });
  const formHost = h('div', { class: 'stock-form' });
  const importHost = h('div', { class: 'stock-import' });
  const ledgerHost = h('div', { class: 'stock-ledger' });
  replace(container, h('h2', {}, '应急物资储备'), message, needsHost, stockHost, formHost, importHost, ledgerHost);
  const say = (text, kind = 'ok') => { message.textContent = text; message.dataset.kind = kind; };

  let catalogue = null; // GET /stock/items
  let levels = null; // GET /stock
  let ledger = [];
  let shelters = []; // the shelters layer: where an issue goes
  let drills = [];
  let shownWarehouse = '';
  let needsSource = null; // {activation: id} | {drill: id} | {people: n}
  let needsDays = 3;
  let lastNeeds = null;
  let generation = 0;

  const itemOf = (id) => catalogue?.items.find((i) => i.id === id);
  const unitOf = (id) => itemOf(id)?.unit || '';
  const warehouses = () => levels?.warehouses || [];
  const warehouseName = (id) => warehouses().find((w) => w.id === id)?.name || id;

  // --- stock by warehouse ----------------------------------------------------------------------

  function batchChip(b, windowDays, unit) {
    const state = expiryState(b.days_left, windowDays);
    return h('li', { class: `batch expiry-${state}`, 'data-batch': b.batch, 'data-expiry': state },
      `${b.batch || '无批号'}：${quantityText(b.quantity, unit)} · ${expiryText(b.expires, b.days_left)}`);
  }

  function renderLevels() {
    if (!has('GET', '/stock')) return replace(stockHost, h('h3', {}, '库存'), unavailable('物资库存'));
    if (!can('GET', '/stock')) return replace(stockHost, h('h3', {}, '库存'), h('p', { class: 'hint' }, '登录后可查看物资库存'));
    if (!levels) return replace(stockHost, h('h3', {}, '库存'), h('p', { class: 'hint' }, '加载中…'));
    const windowDays = levels.expiry_window_days ?? 90;
    const picker = h('select', { id: 'stock-warehouse', 'aria-label': '仓库', onchange: (e) => { shownWarehouse = e.target.value; renderLevels(); } },
      h('option', { value: '' }, '全部仓库'), warehouses().map((w) => h('option', { value: w.id, selected: w.id === shownWarehouse }, `${w.id} ${w.name}`)));
    const shown = warehouses().filter((w) => !shownWarehouse || w.id === shownWarehouse);
    const alerts = levels.alerts || {};
    const summary = h('p', { class: 'stock-alert-summary' },
      `过期 ${listOf(alerts.expiring).filter((a) => a.days_left < 0).length} 批 · `,
      `${windowDays} 天内到期 ${listOf(alerts.expiring).filter((a) => a.days_left >= 0).length} 批 · `,
      `低于最低储备 ${listOf(alerts.below_minimum).length} 项`);
    replace(stockHost, h('h3', {}, '库存（按仓库）'), h('div', { class: 'actions' }, h('label', { for: 'stock-warehouse' }, '仓库'), picker), summary,
      shown.map((w) => h('section', { class: 'warehouse', 'data-warehouse': w.id },
        h('h4', {}, `${w.id} ${w.name}`),
        listOf(w.items).length ? h('table', { class: 'stock-table' },
          h('thead', {}, h('tr', {}, ['物资', '库存', '最低储备', '批次（有效期）'].map((c) => h('th', { scope: 'col' }, c)))),
          h('tbody', {}, listOf(w.items).map((it) => h('tr', { 'data-item': it.item, class: it.below_minimum ? 'below-minimum' : '' },
            h('th', { scope: 'row' }, it.name || it.item),
            h('td', { class: 'num', 'data-testid': `on-hand-${w.id}-${it.item}` }, quantityText(it.on_hand, it.unit)),
            h('td', { class: 'num' }, it.minimum ? quantityText(it.minimum, it.unit) : '—', it.below_minimum ? h('span', { class: 'below-flag' }, ' 不足') : null),
            h('td', {}, listOf(it.batches).length ? h('ul', { class: 'batches' }, listOf(it.batches).map((b) => batchChip(b, windowDays, it.unit))) : '—'))))) :
          h('p', { class: 'empty' }, '无库存'))));
  }

  // --- needs -------------------------------------------------------------------------------------

  function needsQuery() {
    const q = new URLSearchParams({ days: String(needsDays) });
    if (needsSource?.activation) q.set('activation', needsSource.activation);
    else if (needsSource?.drill) q.set('drill', needsSource.drill);
    else q.set('people', String(needsSource?.people ?? 0));
    return q;
  }

  async function loadNeeds() {
    if (!needsSource || !can('GET', '/stock/needs')) return;
    const gen = generation;
    try {
      const needs = await get(`/stock/needs?${needsQuery()}`);
      if (gen !== generation) return;
      lastNeeds = needs;
    } catch (err) {
      lastNeeds = null;
      say(errorText(err), 'error');
    }
    renderNeeds();
  }

  function sourceForm() {
    const kind = h('select', { id: 'needs-source', 'aria-label': '需求来源' },
      app.currentActivation ? h('option', { value: 'activation', selected: Boolean(needsSource?.activation) }, `当前启动 ${app.currentActivation.id}`) : null,
      drills.length ? h('option', { value: 'drill', selected: Boolean(needsSource?.drill) }, '演练') : null,
      h('option', { value: 'people', selected: !needsSource || needsSource.people !== undefined }, '按人数'));
    const drill = h('select', { id: 'needs-drill', 'aria-label': '演练' }, drills.map((d) => h('option', { value: d.id, selected: needsSource?.drill === d.id }, `【演练】${d.title || d.id}`)));
    const people = h('input', { id: 'needs-people', type: 'number', min: 0, step: 1, value: needsSource?.people ?? 1000 });
    const days = h('input', { id: 'needs-days', type: 'number', min: 1, max: 365, step: 1, value: needsDays });
    const sync = () => {
      drill.hidden = kind.value !== 'drill';
      people.hidden = kind.value !== 'people';
    };
    kind.addEventListener('change', sync);
    sync();
    return h('form', { class: 'panel-form', id: 'needs-form', onsubmit: (e) => {
      e.preventDefault();
      needsDays = Number(days.value) || 3;
      needsSource = kind.value === 'activation' ? { activation: app.currentActivation.id }
        : kind.value === 'drill' ? { drill: drill.value } : { people: Number(people.value) || 0 };
      loadNeeds();
    } }, h('div', { class: 'form-grid' },
      h('label', { for: 'needs-source' }, '按'), h('div', {}, kind, ' ', drill, people),
      h('label', { for: 'needs-days' }, '天数'), days),
    h('div', { class: 'actions' }, h('button', { type: 'submit', 'data-action': 'compute-needs' }, '计算需求')));
  }

  function renderNeeds() {
    if (!has('GET', '/stock/needs')) return replace(needsHost, h('h3', {}, '需求与可供天数'), unavailable('物资需求测算'));
    if (!can('GET', '/stock/needs')) return replace(needsHost);
    const n = lastNeeds;
    const table = n ? [
      h('p', { class: 'needs-basis' }, `${n.exercise ? '【演练】' : ''}${quantityText(n.people)} 人 × ${n.days} 天`,
        n.source === 'activation' ? `（启动 ${n.id}）` : n.source === 'drill' ? `（演练 ${n.id}）` : '',
        n.eta_method ? ` · 调运顺序按 ${n.eta_method}` : ''),
      h('table', { class: 'stock-table needs-table' },
        h('thead', {}, h('tr', {}, ['物资', '需求', '可用库存', '可供天数', '缺口', '调运（由近及远）'].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, listOf(n.items).map((r) => h('tr', { 'data-item': r.item, class: r.shortfall > 0 ? 'short' : '' },
          h('th', { scope: 'row' }, r.name),
          h('td', { class: 'num' }, quantityText(r.need, r.unit)),
          h('td', { class: 'num' }, quantityText(r.on_hand, r.unit), r.expired ? h('span', { class: 'expired-note' }, `（另有过期 ${quantityText(r.expired, r.unit)}）`) : null),
          h('td', { class: 'num', 'data-testid': `days-${r.item}` }, r.kind === 'per_person_per_day' ? daysText(r.days_of_supply) : `够 ${quantityText(r.people_covered)} 人`),
          h('td', { class: 'num', 'data-testid': `shortfall-${r.item}` }, r.shortfall > 0 ? quantityText(r.shortfall, r.unit) : '—'),
          h('td', {}, listOf(r.draw_from).map((d) => `${d.warehouse} ${warehouseName(d.warehouse)} ${quantityText(d.take, r.unit)}`).join('；') || '—'))))),
      listOf(n.sentences).length ? h('ul', { class: 'needs-sentences' }, n.sentences.map((s) => h('li', {}, s))) : null,
    ] : h('p', { class: 'hint' }, '选择启动、演练或人数，计算各项物资的需求、可供天数和缺口');
    replace(needsHost, h('h3', {}, '需求与可供天数'), sourceForm(), table);
  }

  // --- movements ---------------------------------------------------------------------------------

  function renderForm() {
    if (!can('POST', '/stock/movements')) return replace(formHost, has('POST', '/stock/movements') && !session.principal ? h('p', { class: 'hint' }, '登录后可办理出入库') : null);
    if (!catalogue || !levels) return replace(formHost);
    const kind = h('select', { id: 'movement-kind' }, Object.entries(MOVEMENT_KINDS).map(([k, v]) => h('option', { value: k }, v)));
    const warehouse = h('select', { id: 'movement-warehouse' }, warehouses().map((w) => h('option', { value: w.id, selected: w.id === shownWarehouse }, `${w.id} ${w.name}`)));
    const item = h('select', { id: 'movement-item' }, catalogue.items.map((i) => h('option', { value: i.id }, `${i.name}（${i.unit}）`)));
    const quantity = h('input', { id: 'movement-quantity', type: 'number', min: 0, step: 1, required: true });
    const batch = h('input', { id: 'movement-batch', autocomplete: 'off' });
    const expires = h('input', { id: 'movement-expires', placeholder: 'YYYY-MM-DD', pattern: '\\d{4}-\\d{2}-\\d{2}', autocomplete: 'off' });
    const toShelter = h('select', { id: 'movement-to-shelter' }, shelters.map((s) => h('option', { value: s.id }, `${s.id} ${s.name}`)));
    const toOther = h('input', { id: 'movement-to', placeholder: '事件编号或片区代码', autocomplete: 'off' });
    const toKind = h('select', { id: 'movement-to-kind', 'aria-label': '去向类型' }, h('option', { value: 'shelter' }, '避难场所'), h('option', { value: 'other' }, '事件/片区'));
    const toWarehouse = h('select', { id: 'movement-to-warehouse' }, warehouses().map((w) => h('option', { value: w.id }, `${w.id} ${w.name}`)));
    const reason = h('input', { id: 'movement-reason', autocomplete: 'off' });
    const result = h('div', { class: 'movement-result', 'aria-live': 'polite' });
    const rows = {};
    const row = (key, label, ...field) => { rows[key] = [h('label', { for: field[0].id }, label), h('div', {}, ...field)]; return rows[key]; };
    const sync = () => {
      const k = kind.value;
      const show = { batch: true, expires: k === 'receive' || k === 'count', to: k === 'issue', toWarehouse: k === 'transfer', reason: true };
      for (const [key, els] of Object.entries(rows)) els.forEach((el) => { el.hidden = show[key] === false; });
      toShelter.hidden = toKind.value !== 'shelter';
      toOther.hidden = toKind.value !== 'other';
      rows.quantity[0].textContent = k === 'count' ? '实盘数量' : '数量';
      const life = itemOf(item.value)?.shelf_life_days;
      expires.required = k === 'receive' && Boolean(life);
      batch.required = k === 'receive' && Boolean(life);
    };
    [kind, item, toKind].forEach((el) => el.addEventListener('change', sync));
    const form = h('form', { class: 'panel-form', id: 'movement-form', onsubmit: async (e) => {
      e.preventDefault();
      const body = { kind: kind.value, warehouse: warehouse.value, item: item.value, quantity: Number(quantity.value) };
      if (batch.value.trim()) body.batch = batch.value.trim();
      if (!expires.hidden && expires.value.trim()) body.expires = expires.value.trim();
      if (kind.value === 'issue') body.to = toKind.value === 'shelter' ? toShelter.value : toOther.value.trim();
      if (kind.value === 'transfer') body.to = toWarehouse.value;
      if (reason.value.trim()) body.reason = reason.value.trim();
      try {
        const done = await post('/stock/movements', body);
        const unit = unitOf(done.item);
        say(`${MOVEMENT_KINDS[done.kind]}：${itemOf(done.item)?.name || done.item} ${quantityText(done.quantity, unit)}，${warehouseName(done.warehouse)} 库存 ${quantityText(done.on_hand_after, unit)}`);
        replace(result, listOf(done.taken).length ? h('p', { 'data-testid': 'batches-taken' }, `${done.kind === 'count' ? '更正批次' : '出自批次'}：${takenText(done.taken, unit)}`) : null);
        quantity.value = '';
        await refresh();
      } catch (err) {
        replace(result);
        say(errorText(err), 'error');
      }
    } }, h('h3', {}, '出入库登记'),
    h('div', { class: 'form-grid' },
      h('label', { for: 'movement-kind' }, '类型'), kind,
      h('label', { for: 'movement-warehouse' }, '仓库'), warehouse,
      h('label', { for: 'movement-item' }, '物资'), item,
      row('quantity', '数量', quantity),
      row('batch', '批次', batch),
      row('expires', '有效期至', expires),
      row('to', '发往', toKind, ' ', toShelter, toOther),
      row('toWarehouse', '调入仓库', toWarehouse),
      row('reason', '原因/备注', reason)),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', 'data-action': 'record-movement' }, '登记')), result);
    sync();
    replace(formHost, form);
  }

  function renderImport() {
    if (!can('POST', '/stock/stocktake')) return replace(importHost);
    const file = h('input', { id: 'stocktake-file', type: 'file', accept: '.xlsx,.csv' });
    const warehouse = h('select', { id: 'stocktake-warehouse' }, h('option', { value: '' }, '按表中“仓库”列'),
      warehouses().map((w) => h('option', { value: w.id }, `${w.id} ${w.name}`)));
    replace(importHost, h('form', { class: 'panel-form', onsubmit: async (e) => {
      e.preventDefault();
      const chosen = file.files?.[0];
      if (!chosen) return;
      try {
        const q = warehouse.value ? `?warehouse=${encodeURIComponent(warehouse.value)}` : '';
        const res = await fetch(`/stock/stocktake${q}`, { method: 'POST', body: chosen, headers: {
          Authorization: `Bearer ${session.token}`, Accept: 'application/json',
          'Content-Type': chosen.name.endsWith('.csv') ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } });
        const data = await res.json().catch(() => null);
        if (!res.ok) throw new ApiError(res.status, data);
        say(`盘点导入：${data.lines} 行，${data.changed} 项有差异已更正`);
        await refresh();
      } catch (err) { say(errorText(err), 'error'); }
    } }, h('h3', {}, '盘点表导入（XLSX/CSV）'), h('div', { class: 'form-grid' },
      h('label', { for: 'stocktake-file' }, '盘点表'), file, h('label', { for: 'stocktake-warehouse' }, '仓库'), warehouse),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, '导入'))));
  }

  // --- ledger ------------------------------------------------------------------------------------

  function renderLedger() {
    if (!can('GET', '/stock/ledger')) return replace(ledgerHost);
    replace(ledgerHost, h('h3', {}, `台账（最近 ${LEDGER_ROWS} 条）`), ledger.length ? h('div', { class: 'table-scroll' }, h('table', { class: 'stock-table ledger' },
      h('thead', {}, h('tr', {}, ['时间', '类型', '仓库', '物资', '批次', '数量', '去向/来源', '经办', '备注'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, ledger.map((e) => h('tr', { 'data-seq': e.seq },
        h('td', {}, shortTime(e.at)), h('td', {}, MOVEMENT_KINDS[e.kind] || e.kind), h('td', {}, e.warehouse),
        h('td', {}, itemOf(e.item)?.name || e.item), h('td', {}, e.batch || '—'),
        h('td', { class: `num ${e.delta < 0 ? 'out' : 'in'}` }, `${e.delta > 0 ? '+' : ''}${quantityText(e.delta, unitOf(e.item))}`),
        h('td', {}, e.counterpart || ''), h('td', {}, e.actor || ''), h('td', {}, e.reason || ''))))))
      : h('p', { class: 'empty' }, '暂无记录'));
  }

  // --- loading -----------------------------------------------------------------------------------

  async function refresh() {
    const gen = ++generation;
    const [items, stock, entries, layer, drillList] = await Promise.all([
      catalogue || !can('GET', '/stock/items') ? catalogue : get('/stock/items').catch(() => null),
      can('GET', '/stock') ? get('/stock').catch(() => null) : null,
      can('GET', '/stock/ledger') ? get(`/stock/ledger?limit=${LEDGER_ROWS}&order=newest`).then((r) => listOf(r, 'entries')).catch(() => []) : [],
      shelters.length ? shelters : get('/collections/shelters/items?limit=1000').then((fc) => listOf(fc.features)
        .map((f) => ({ id: String(f.id ?? f.properties.id), name: f.properties.name }))).catch(() => []),
      can('GET', '/drills') ? get('/drills').then((r) => listOf(r, 'drills')).catch(() => []) : [],
    ]);
    if (gen !== generation) return;
    catalogue = items;
    levels = stock;
    ledger = entries;
    shelters = layer;
    drills = drillList;
    render();
    if (needsSource) await loadNeeds();
  }

  function render() {
    renderNeeds();
    renderLevels();
    renderForm();
    renderImport();
    renderLedger();
  }

  return {
    render,
    refresh,
    // Stock changes from another desk (or an alert) refresh the tab.
    onEvent(type) {
      if (type.startsWith('stock.')) refresh();
    },
    // The needs of an activation just made, or of the drill on screen.
    showNeedsFor(source) {
      needsSource = source;
      loadNeeds();
    },
  };
}
