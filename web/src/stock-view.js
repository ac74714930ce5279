// Relief stock as the desk reads it (pure: no DOM, no requests): quantities with their unit, days
// of supply rounded down (a supply is never overstated), and the colour of an expiry date.

const grouped = (n) => Number(n).toLocaleString('en-US', { maximumFractionDigits: 0 });

// 1200, "升" → "1,200 升"
export function quantityText(n, unit = '') {
  if (n === null || n === undefined || Number.isNaN(Number(n))) return '—';
  return `${grouped(n)}${unit ? ` ${unit}` : ''}`;
}

// 1.86 → "1.8"; null (nobody to supply) → "—"
export function daysText(days) {
  if (days === null || days === undefined || !Number.isFinite(Number(days))) return '—';
  return (Math.floor(Number(days) * 10 + 1e-9) / 10).toFixed(1);
}

// A batch's expiry state: 'expired' (past its date), 'soon' (within 30 days), 'expiring' (within
// the server's alert window), 'ok', or 'none' (no expiry).
export const SOON_DAYS = 30;
export function expiryState(daysLeft, windowDays = 90) {
  if (daysLeft === null || daysLeft === undefined) return 'none';
  if (daysLeft < 0) return 'expired';
  if (daysLeft <= SOON_DAYS) return 'soon';
  if (daysLeft <= windowDays) return 'expiring';
  return 'ok';
}

// "2027-03-01（剩 95 天）", "2026-11-20（已过期 6 天）", "2026-11-26（今天到期）"
export function expiryText(expires, daysLeft) {
  if (!expires) return '无有效期';
  if (daysLeft === null || daysLeft === undefined) return expires;
  if (daysLeft < 0) return `${expires}（已过期 ${-daysLeft} 天）`;
  if (daysLeft === 0) return `${expires}（今天到期）`;
  return `${expires}（剩 ${daysLeft} 天）`;
}

export const MOVEMENT_KINDS = {
  receive: '入库',
  issue: '出库',
  transfer: '调拨',
  write_off: '报损',
  count: '盘点',
};

// "B2407 30 升（2027-01-15）、B2408 15 升（2027-03-01）": which batches an issue took.
export function takenText(taken, unit) {
  return (taken || []).map((t) => `${t.batch || '无批号'} ${quantityText(t.quantity, unit)}${t.expires ? `（${t.expires}）` : ''}`).join('、');
}
