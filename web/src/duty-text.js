// The duty desk's words (pure: no DOM, no requests): log kinds, report stages and channels, incident
// levels, and how a shift and a due report are written on the 值班 tab and in the desk banner.
import { shortTime } from './beijing-time.js';

export const LOG_KINDS = { call_in: '来电', call_out: '去电', info: '信息', instruction: '指示', other: '其他' };
export const REPORT_STAGES = { first: '首报', update: '续报', final: '终报', zero: '零报告' };
export const REPORT_CHANNELS = { phone: '电话', written: '书面' };
export const INCIDENT_LEVELS = { I: 'Ⅰ级 特别重大', II: 'Ⅱ级 重大', III: 'Ⅲ级 较大', IV: 'Ⅳ级 一般' };

// "白班 12-02 08:00–20:00"; a range label ("08:00-20:00") is not repeated before the times.
export function shiftText(s) {
  if (!s) return '';
  const named = s.label && !/\d[:：]\d/.test(s.label) ? `${s.label} ` : '';
  return `${named}${shortTime(s.start)}–${shortTime(s.end).slice(6)}`;
}

// "首报（电话）"
export function dueName(d) {
  return `${REPORT_STAGES[d.stage] || d.stage}（${REPORT_CHANNELS[d.channel] || d.channel}）`;
}

// The desk banner's line for a report that fell due: what, for which incident, by when, to whom.
export function overdueText(d, incidentName) {
  if (d.stage === 'zero') return `${d.date || ''} 零报告已超时（应于 ${shortTime(d.due_at)} 前报${d.to ? ` ${d.to}` : ''}）`;
  return `${incidentName || `事件 ${d.incident_id}`}的${dueName(d)}已超时（应于 ${shortTime(d.due_at)} 前报${d.to ? ` ${d.to}` : ''}）`;
}
