// Warnings: what is in force now, drafts waiting for a second person, and the forms to draft,
// issue, update and cancel. Actual and exercise warnings never share a view: the desk's mode
// (实战/演练) decides which ones are shown and which status a new draft gets (docs/design.md, the lessons under "Warnings").
import { can, get, has, listOf, post, session } from './api.js';
import { errorText, h, replace, unavailable } from './dom.js';
import { shortTime } from './beijing-time.js';
import { fieldTime, setFieldTime, timeField, timeHint } from './time-field.js';
import { orderSignals } from './signal-order.js';
import { LEVELS, MESSAGE_STATUS, WARNING_STATES, isDrill, signalTitle } from './vocabulary.js';

export function isLive(w) {
  if (!['issued', 'updated'].includes(w.state)) return false;
  return !w.expires || new Date(w.expires).getTime() > Date.now();
}

export function createWarningsPanel(container, app) {
  const message = h('p', { class: 'message', role: 'status', 'aria-live': 'polite' });
  const list = h('div', { class: 'warning-list' });
  const formHost = h('div');
  replace(container, h('h2', {}, '预警'), message, list, formHost);

  const say = (text, kind = 'ok') => { message.textContent = text; message.dataset.kind = kind; };
  const committeeName = (code) => app.committeeNames.get(code) || code;

  function card(w) {
    const drill = isDrill(w);
    const level = LEVELS[w.level];
    const mine = session.principal?.name && w.author === session.principal.name;
    const actions = h('div', { class: 'actions' });
    if (w.state === 'draft') {
      const needsSecond = w.status === 'Actual';
      if (needsSecond) {
        actions.append(h('p', { class: 'two-person', 'data-testid': 'needs-approval' },
          `实战预警须由第二人审批签发。起草人：${w.author || '未知'}`));
      }
      if (can('POST', '/warnings/{id}/issue')) {
        if (needsSecond && mine) {
          actions.append(h('p', { class: 'refused' }, '您是起草人，不能审批自己起草的预警，请另一位审批人签发。'));
        } else {
          actions.append(h('button', { class: 'primary', 'data-action': 'issue', onclick: () => issue(w) },
            needsSecond ? `审批并签发（起草人：${w.author || '未知'}）` : `签发${drill ? '【演练】' : ''}`));
        }
      } else if (needsSecond) {
        actions.append(h('p', { class: 'hint' }, '等待审批人签发'));
      }
    }
    if (isLive(w)) {
      if (can('POST', '/warnings/{id}/cancel')) {
        actions.append(h('button', { class: 'danger', 'data-action': 'false-alarm', onclick: () => falseAlarm(w) }, '误报一键撤销'));
        actions.append(h('button', { 'data-action': 'cancel', onclick: () => cancelForm(w) }, '解除'));
      }
      if (can('POST', '/warnings/{id}/update')) actions.append(h('button', { 'data-action': 'update', onclick: () => updateForm(w) }, '更新/升级'));
      if (can('POST', '/activations') ) actions.append(h('button', { onclick: () => app.activate(w) }, '生成启动清单'));
      actions.append(h('button', { onclick: () => app.showAcks(w) }, '查看回执'));
    }
    return h('article', {
      class: `warning-card level-${w.level}${drill ? ' drill' : ''}`, 'data-warning-id': w.id, 'data-state': w.state,
      style: `--level-colour: ${level?.colour || '#999'}`,
    },
    h('h3', {}, drill ? h('span', { class: 'drill-tag' }, '【演练】') : null, signalTitle(w),
      h('span', { class: 'level-chip' }, level ? `${level.name} ${level.grade}` : w.level)),
    h('dl', { class: 'facts' },
      h('dt', {}, '状态'), h('dd', { 'data-field': 'state' }, `${WARNING_STATES[w.state] || w.state} · ${MESSAGE_STATUS[w.status] || w.status}`),
      h('dt', {}, '范围'), h('dd', {}, (w.area?.committees || []).map(committeeName).join('、') || (w.area?.polygon ? '自定义区域' : '—')),
      h('dt', {}, '时段'), h('dd', {}, `${shortTime(w.onset)} 至 ${shortTime(w.expires)}`),
      w.author ? [h('dt', {}, '起草'), h('dd', {}, w.author)] : null,
      w.approver ? [h('dt', {}, '签发'), h('dd', {}, w.approver)] : null,
      w.identifier || w.messages?.length ? [h('dt', {}, '标识'), h('dd', { class: 'mono' }, w.identifier || w.messages.at(-1).identifier)] : null),
    actions);
  }

  async function act(promise, done) {
    try {
      const result = await promise;
      say(done);
      await app.refreshWarnings();
      return result;
    } catch (err) {
      say(errorText(err), 'error');
      return null;
    }
  }

  async function issue(w) {
    const result = await act(post(`/warnings/${encodeURIComponent(w.id)}/issue`), `${isDrill(w) ? '【演练】' : ''}${signalTitle(w)}已签发`);
    if (result?.activation) app.showActivation(result.activation, w);
  }

  function falseAlarm(w) {
    act(post(`/warnings/${encodeURIComponent(w.id)}/cancel`, { reason: '误报，撤销此前发布的预警信号', false_alarm: true }),
      `${signalTitle(w)}已作为误报撤销`);
  }

  function cancelForm(w) {
    const reason = h('input', { id: 'cancel-reason', required: true, value: '天气条件已减弱，解除预警' });
    replace(formHost, h('form', { class: 'panel-form', onsubmit: (e) => {
      e.preventDefault();
      act(post(`/warnings/${encodeURIComponent(w.id)}/cancel`, { reason: reason.value, false_alarm: false }), `${signalTitle(w)}已解除`);
      replace(formHost, draftForm());
    } }, h('h3', {}, `解除 ${signalTitle(w)}`), h('label', { for: 'cancel-reason' }, '原因'), reason,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, '解除预警'),
      h('button', { type: 'button', onclick: () => replace(formHost, draftForm()) }, '取消'))));
  }

  // levels: the ones the signal type has (the catalogue's); the others are offered disabled.
  function levelPicker(name, selected, levels = Object.keys(LEVELS)) {
    return h('div', { class: 'level-picker', role: 'radiogroup', 'aria-label': '预警级别' },
      Object.entries(LEVELS).map(([key, l]) => h('label', { class: `level-option level-${key}`, style: `--level-colour: ${l.colour}` },
        h('input', { type: 'radio', name, value: key, checked: key === selected, disabled: !levels.includes(key) }), `${l.name}`)));
  }

  // Refuses a form whose time fields do not hold a 北京时间 (the field says how to write it).
  function timesValid(form) {
    const bad = [...form.querySelectorAll('[data-time-field]')].find((f) => fieldTime(f) === null);
    if (!bad) return true;
    bad.reportValidity();
    bad.focus();
    say(bad.validationMessage, 'error');
    return false;
  }

  function updateForm(w) {
    const expires = timeField({ id: 'update-expires', value: w.expires || new Date(Date.now() + 6 * 3600e3) });
    const form = h('form', { class: 'panel-form', noValidate: true, onsubmit: (e) => {
      e.preventDefault();
      if (!timesValid(form)) return;
      const level = form.querySelector('input[name=update-level]:checked')?.value;
      act(post(`/warnings/${encodeURIComponent(w.id)}/update`, { level, expires: fieldTime(expires), area: { committees: w.area?.committees || [] } }),
        `${signalTitle(w)}已更新`);
      replace(formHost, draftForm());
    } }, h('h3', {}, `更新 ${signalTitle(w)}`), levelPicker('update-level', w.level, signalOf(w.type)?.levels),
    h('label', { for: 'update-expires' }, '失效时间（北京时间）'), expires, timeHint('update-expires'),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, '发布更新'),
      h('button', { type: 'button', onclick: () => replace(formHost, draftForm()) }, '取消')));
    replace(formHost, form);
    expires.focus();
  }

  const signalOf = (type) => [...app.signals.common, ...app.signals.rare].find((s) => s.type === type);

  // The type list: the district's usual types in its order; the ones that do not occur here only
  // when asked for (a relay or an exercise may still need one).
  function typeOptions(select, showRare) {
    const { common, rare } = app.signals;
    const keep = select.value;
    replace(select, common.map((s) => h('option', { value: s.type }, s.name)),
      showRare && rare.length ? h('optgroup', { label: '本区一般不发生' }, rare.map((s) => h('option', { value: s.type }, s.name))) : null);
    if (keep && [...select.options].some((o) => o.value === keep)) select.value = keep;
  }

  function draftForm() {
    if (!can('POST', '/warnings')) return null;
    const drillMode = app.exerciseMode;
    const type = h('select', { id: 'draft-type', name: 'type' });
    typeOptions(type, false);
    const rareCount = app.signals.rare.length;
    const showRare = rareCount ? h('input', { type: 'checkbox', id: 'draft-show-rare', onchange: () => { typeOptions(type, showRare.checked); allowLevels(); } }) : null;
    const status = h('select', { id: 'draft-status', name: 'status' },
      (drillMode ? ['Exercise', 'Test'] : ['Actual']).map((s) => h('option', { value: s }, MESSAGE_STATUS[s])));
    const now = new Date();
    const onset = timeField({ id: 'draft-onset', value: now });
    const expires = timeField({ id: 'draft-expires', value: new Date(now.getTime() + 6 * 3600e3) });
    // Expiry a few hours after onset, in one keystroke.
    const spans = h('div', { class: 'time-presets', role: 'group', 'aria-label': '失效时间：生效后' },
      [3, 6, 12, 24].map((hours) => h('button', { type: 'button', class: 'small', 'data-hours': hours, onclick: () => {
        const start = fieldTime(onset);
        if (start) setFieldTime(expires, new Date(Date.parse(start) + hours * 3600e3));
      } }, `+${hours}小时`)));
    const description = h('textarea', { id: 'draft-description', rows: 2, placeholder: '可选：替换标准描述' });
    const boxes = [...app.committeeNames].map(([code, name]) =>
      h('label', { class: 'committee-option' }, h('input', { type: 'checkbox', name: 'committee', value: code }), name));
    const levels = levelPicker('draft-level', 'orange', signalOf(type.value)?.levels);
    // A type without the chosen level (dust has blue and yellow only): the nearest level it has.
    function allowLevels() {
      const allowed = signalOf(type.value)?.levels || Object.keys(LEVELS);
      const radios = [...levels.querySelectorAll('input')];
      for (const r of radios) r.disabled = !allowed.includes(r.value);
      if (radios.find((r) => r.checked)?.disabled) {
        const order = Object.keys(LEVELS);
        const want = order.indexOf(radios.find((r) => r.checked).value);
        const nearest = [...allowed].sort((a, b) => Math.abs(order.indexOf(a) - want) - Math.abs(order.indexOf(b) - want))[0];
        radios.find((r) => r.value === nearest).checked = true;
      }
    }
    type.addEventListener('change', allowLevels);
    allowLevels();
    const form = h('form', { class: `panel-form draft-form${drillMode ? ' drill' : ''}`, id: 'draft-form', noValidate: true, onsubmit: async (e) => {
      e.preventDefault();
      if (!timesValid(form)) return;
      const committees = [...form.querySelectorAll('input[name=committee]:checked')].map((b) => b.value);
      if (!committees.length) return say('请至少选择一个片区', 'error');
      const body = {
        type: type.value, level: form.querySelector('input[name=draft-level]:checked').value, status: status.value,
        area: { committees }, onset: fieldTime(onset), expires: fieldTime(expires),
      };
      if (description.value.trim()) body.description = description.value.trim();
      const created = await act(post('/warnings', body),
        body.status === 'Actual' ? '草稿已保存：实战预警须由第二人审批后签发' : '演练草稿已保存，可直接签发');
      if (created) replace(formHost, draftForm());
    } },
    h('h3', {}, drillMode ? '起草【演练】预警' : '起草预警'),
    h('div', { class: 'form-grid' },
      h('label', { for: 'draft-type' }, '类型'), h('div', { class: 'type-choice' }, type,
        showRare ? h('label', { class: 'rare-toggle' }, showRare, ` 显示本区不发生的类型（${rareCount}）`) : null),
      h('label', { for: 'draft-status' }, '性质'), status,
      h('span', { class: 'label' }, '级别'), levels,
      h('label', { for: 'draft-onset' }, '生效（北京时间）'), h('div', {}, onset, timeHint('draft-onset')),
      h('label', { for: 'draft-expires' }, '失效（北京时间）'), h('div', {}, expires, spans, timeHint('draft-expires'))),
    h('fieldset', { class: 'committee-picker' }, h('legend', {}, '预警片区 ',
      h('button', { type: 'button', class: 'small', onclick: () => boxes.forEach((b) => { b.firstChild.checked = true; }) }, '全区'),
      h('button', { type: 'button', class: 'small', onclick: () => boxes.forEach((b) => { b.firstChild.checked = false; }) }, '清空')), boxes),
    h('label', { for: 'draft-description' }, '描述'), description,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, drillMode ? '保存【演练】草稿' : '保存草稿（待审批）')));
    return form;
  }

  function render() {
    if (!has('GET', '/warnings')) {
      replace(list, unavailable('预警服务'));
      replace(formHost);
      return;
    }
    const shown = app.warnings.filter((w) => isDrill(w) === app.exerciseMode);
    const drafts = shown.filter((w) => w.state === 'draft');
    const live = shown.filter(isLive);
    const hidden = app.warnings.filter((w) => isDrill(w) !== app.exerciseMode && (isLive(w) || w.state === 'draft')).length;
    replace(list,
      h('h3', {}, `生效中（${live.length}）`),
      live.length ? live.map(card) : h('p', { class: 'empty' }, '当前没有生效的预警'),
      drafts.length ? [h('h3', {}, `待签发草稿（${drafts.length}）`), drafts.map(card)] : null,
      hidden ? h('p', { class: 'hint' }, app.exerciseMode ? `另有 ${hidden} 条实战预警，退出演练模式查看` : `另有 ${hidden} 条演练预警，切换到演练模式查看`) : null);
    // Built once, not on every refresh: acks arriving while a draft is typed must not wipe it (a
    // new person, mode or catalogue rebuilds it through resetForm).
    if (!formHost.firstChild) replace(formHost, draftForm());
  }

  return { render, resetForm: () => replace(formHost, draftForm()) };
}

// The signal catalogue in the district's order (signal-order.js); the vocabulary's without one.
export async function fetchSignals() {
  if (!has('GET', '/signals')) return orderSignals(null);
  return orderSignals(listOf(await get('/signals').catch(() => null), 'signals'));
}

export async function fetchWarnings() {
  if (!has('GET', '/warnings')) return [];
  return listOf(await get('/warnings'), 'warnings');
}
