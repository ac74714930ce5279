// Editing a planned drill's MSEL (master scenario events list) one inject at a time: 编辑 on a
// row opens its fields under the table (full width, readable), Enter saves the whole list with
// PUT /drills/{id}/msel, Esc cancels. The server numbers the rows and checks them; what it
// refuses is said in its own words and the fields stay as typed.
import { request } from './api.js';
import { errorText, h, replace } from './dom.js';
import { INJECT_TYPES } from './drill-run.js';

// The fields the server takes for a row (drills/msel): a stored row carries its seq besides.
const FIELDS = ['offset_min', 'inject_type', 'from', 'to', 'description', 'expected_action', 'objective', 'controller'];

function bodyOf(row) {
  const out = {};
  for (const key of FIELDS) if (row[key] !== undefined && row[key] !== null && row[key] !== '') out[key] = row[key];
  return out;
}

// host: where the form goes; rows: the drill's MSEL as served; onSaved(drill): the drill as the
// PUT answered; say(text, kind): the panel's message line.
export function openMselEditor(host, { drill, rows, index, onSaved, onClosed, say }) {
  const adding = index === undefined || index >= rows.length;
  const row = adding ? { offset_min: rows.length ? rows.at(-1).offset_min ?? 0 : 0, inject_type: 'action', from: '导调组', to: '' } : rows[index];
  const field = (id, label, input) => [h('label', { for: id }, label), input];
  const offset = h('input', { id: 'msel-offset', type: 'number', min: 0, max: 10080, step: 1, required: true, value: String(row.offset_min ?? 0) });
  const type = h('select', { id: 'msel-type' }, Object.entries(INJECT_TYPES).map(([k, v]) => h('option', { value: k, selected: k === (row.inject_type ?? row.type) }, v)));
  const from = h('input', { id: 'msel-from', required: true, value: row.from ?? '' });
  const to = h('input', { id: 'msel-to', required: true, value: row.to ?? '' });
  const description = h('textarea', { id: 'msel-description', rows: 3, required: true, value: row.description ?? '' });
  const expected = h('textarea', { id: 'msel-expected', rows: 2, value: row.expected_action ?? '' });
  const error = h('p', { class: 'error', role: 'alert' });

  function close() {
    replace(host);
    onClosed?.();
  }

  async function save(list, done) {
    try {
      const answer = await request('PUT', `/drills/${encodeURIComponent(drill.id)}/msel`, { msel: list.map(bodyOf) });
      replace(host);
      say(done);
      onSaved(answer);
    } catch (err) {
      error.textContent = errorText(err);
    }
  }

  const form = h('form', { class: 'panel-form drill msel-editor', 'data-editing': adding ? 'new' : String(row.seq ?? index + 1),
    onsubmit: (e) => {
      e.preventDefault();
      if (!form.reportValidity()) return;
      const edited = {
        ...row, offset_min: Number(offset.value), inject_type: type.value, from: from.value.trim(), to: to.value.trim(),
        description: description.value.trim(), expected_action: expected.value.trim(),
      };
      const list = adding ? [...rows, edited] : rows.map((r, i) => (i === index ? edited : r));
      save(list, adding ? '【演练】已添加一条情景事件' : `【演练】第 ${row.seq ?? index + 1} 条情景事件已保存`);
    },
    onkeydown: (e) => {
      if (e.key === 'Escape') { e.preventDefault(); close(); }
      // Enter saves from a one-line field; in the text areas it is a new line, Ctrl+Enter saves.
      if (e.key === 'Enter' && e.ctrlKey) { e.preventDefault(); form.requestSubmit(); }
    } },
  h('h4', {}, adding ? '添加情景事件' : `编辑第 ${row.seq ?? index + 1} 条情景事件`),
  h('div', { class: 'form-grid' },
    field('msel-offset', '时间（开始后分钟）', offset), field('msel-type', '类型', type),
    field('msel-from', '发送', from), field('msel-to', '接收', to),
    field('msel-description', '内容', description), field('msel-expected', '预期行动', expected)),
  error,
  h('div', { class: 'actions' },
    h('button', { type: 'submit', class: 'primary', 'data-action': 'msel-save' }, '保存'),
    h('button', { type: 'button', 'data-action': 'msel-cancel', onclick: close }, '取消'),
    adding ? null : h('button', { type: 'button', class: 'danger', 'data-action': 'msel-delete', onclick: () => {
      if (rows.length === 1) { error.textContent = '至少保留一条情景事件'; return; }
      save(rows.filter((_, i) => i !== index), `【演练】第 ${row.seq ?? index + 1} 条情景事件已删除`);
    } }, '删除此条'),
    h('span', { class: 'hint' }, 'Ctrl+Enter 保存 · Esc 取消')));
  replace(host, form);
  offset.focus();
  return form;
}
