// A 北京时间 field: the desk reads and types "YYYY-MM-DD HH:mm" whatever the browser's locale and
// zone (a datetime-local field would show the system's format). ↑/↓ step an hour and PgUp/PgDn a
// day, so a time can be set from the keyboard alone; what was typed loosely ("2026-7-2 9:05") is
// written back in the one format when the field is left.
import { h } from './dom.js';
import { fromField, isoToField, toField } from './beijing-time.js';

const STEPS = { ArrowUp: 3600e3, ArrowDown: -3600e3, PageUp: 86400e3, PageDown: -86400e3 };

// value: a Date or an API time. The field's value for the API is fieldTime(input).
export function timeField({ id, value }) {
  const input = h('input', {
    id, type: 'text', inputmode: 'numeric', autocomplete: 'off', spellcheck: 'false', maxlength: 19,
    placeholder: 'YYYY-MM-DD HH:mm', 'aria-describedby': `${id}-hint`, 'data-time-field': 'beijing',
    value: value instanceof Date ? toField(value) : isoToField(value),
  });
  const check = () => {
    const ok = fromField(input.value) !== null;
    input.setCustomValidity(ok ? '' : `请按 YYYY-MM-DD HH:mm 填写北京时间，例如 ${toField(new Date())}`);
    return ok;
  };
  input.addEventListener('input', check);
  input.addEventListener('blur', () => {
    const iso = fromField(input.value);
    if (iso) input.value = isoToField(iso);
  });
  input.addEventListener('keydown', (e) => {
    const step = STEPS[e.key];
    const iso = step && fromField(input.value);
    if (!iso) return;
    e.preventDefault();
    setFieldTime(input, new Date(Date.parse(iso) + step));
  });
  check();
  return input;
}

export function setFieldTime(input, date) {
  input.value = toField(date);
  input.dispatchEvent(new Event('input'));
}

export const fieldTime = (input) => fromField(input.value);

// The line under a field saying how to write it (the field's aria-describedby).
export function timeHint(id, extra = '') {
  return h('span', { id: `${id}-hint`, class: 'field-hint' }, `北京时间 YYYY-MM-DD HH:mm · ↑↓ 一小时 · PgUp/PgDn 一天${extra}`);
}
