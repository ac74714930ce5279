// eoc speaks Beijing time (+08:00) and shows it, whatever the desk computer's own zone is
// (Urumqi's informal UTC+6 exists; docs/design.md "Known traps").
const OFFSET_MS = 8 * 3600 * 1000;

function parts(date) {
  const shifted = new Date(date.getTime() + OFFSET_MS).toISOString(); // "2026-07-12T07:00:00.000Z" shifted
  return { date: shifted.slice(0, 10), time: shifted.slice(11, 19), hm: shifted.slice(11, 16) };
}

// "2026-07-12 15:00:00 北京时间 (UTC+08:00)"
export function clockText(now = new Date()) {
  const p = parts(now);
  return `${p.date} ${p.time} 北京时间 (UTC+08:00)`;
}

// An API time ("2026-07-12T15:00:00+08:00") as "07-12 15:00"; empty for nothing.
export function shortTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const p = parts(d);
  return `${p.date.slice(5)} ${p.hm}`;
}

// The same with seconds, "07-12 15:00:07": drill injects and acknowledgements are timed to the second.
export function fullTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  const p = parts(d);
  return `${p.date.slice(5)} ${p.time}`;
}

// Only the time of day, "15:00:07": an acknowledgement on a phone, next to the warning it answers.
export function timeOfDay(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return parts(d).time;
}

// For API requests: "2026-07-12T15:00:00+08:00".
export function toIso(date) {
  const p = parts(date);
  return `${p.date}T${p.time}+08:00`;
}

// The desk types and reads times as 北京时间 "2026-07-12 15:00", never in the browser's own locale
// format (a datetime-local field shows "07/12/2026, 03:00 PM" on an English system, and the
// computer's zone may be Urumqi's informal UTC+6).
export function toField(date) {
  const p = parts(date);
  return `${p.date} ${p.hm}`;
}

// An API time ("2026-07-12T15:00:00+08:00") as a field shows it; empty for nothing.
export function isoToField(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : toField(d);
}

const FIELD = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:\s+|T)(\d{1,2})[:：](\d{2})(?:[:：](\d{2}))?$/;

// What was typed ("2026-07-12 15:00"; also "2026-7-2 9:05", a T between, full-width colons) as the
// API time "2026-07-12T15:00:00+08:00", or null when it is not a real time of day on a real date.
export function fromField(text) {
  const m = FIELD.exec(String(text ?? '').trim());
  if (!m) return null;
  const [y, mo, d, hh, mm] = m.slice(1, 6).map(Number);
  if (mo < 1 || mo > 12 || d < 1 || hh > 23 || mm > 59) return null;
  const utc = new Date(Date.UTC(y, mo - 1, d, hh, mm)); // these figures read as if they were UTC
  if (utc.getUTCDate() !== d || utc.getUTCMonth() !== mo - 1) return null; // 02-30 rolled over
  const pad = (n) => String(n).padStart(2, '0');
  return `${y}-${pad(mo)}-${pad(d)}T${pad(hh)}:${pad(mm)}:00+08:00`;
}

// "还剩 1小时05分" / "已超时 3分12秒"
export function countdown(deadlineIso, now = Date.now()) {
  const ms = new Date(deadlineIso).getTime() - now;
  const abs = Math.abs(ms);
  const h = Math.floor(abs / 3600000);
  const m = Math.floor((abs % 3600000) / 60000);
  const s = Math.floor((abs % 60000) / 1000);
  const text = h > 0 ? `${h}小时${String(m).padStart(2, '0')}分` : `${m}分${String(s).padStart(2, '0')}秒`;
  return { overdue: ms < 0, text: ms < 0 ? `已超时 ${text}` : `还剩 ${text}` };
}
