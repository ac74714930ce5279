// The signal types the draft form offers, in the order the district actually issues them.
//
// The order is data, not code: the server's signal catalogue (GET /signals) gives each type its
// district frequency rank and whether it can occur here at all, e.g.
//   {"signals": [{"type": "strong_wind", "name": "大风", "levels": ["blue", "yellow", "orange", "red"],
//                 "frequency_rank": 1, "occurs_here": true}, ...]}
// Types that cannot occur here (typhoon in Urumqi) are kept out of the default list. Without that
// catalogue (an older server) the list is the vocabulary's, every type and every level, as before.
// Pure (no DOM, no requests), so that node can test it.
import { LEVELS, SIGNAL_TYPES } from './vocabulary.js';

const ALL_LEVELS = Object.keys(LEVELS);

// entries: the catalogue's list, or null when the server has none.
// → {common: [{type, name, levels}], rare: [...]}, common in the district's order.
export function orderSignals(entries) {
  if (!Array.isArray(entries) || entries.length === 0) {
    return { common: Object.entries(SIGNAL_TYPES).map(([type, name]) => ({ type, name, levels: ALL_LEVELS })), rare: [] };
  }
  const known = entries.filter((e) => e && typeof e.type === 'string' && e.type);
  const shaped = known.map((e, i) => ({
    type: e.type,
    name: e.name || SIGNAL_TYPES[e.type] || e.type,
    levels: Array.isArray(e.levels) && e.levels.length ? ALL_LEVELS.filter((l) => e.levels.includes(l)) : ALL_LEVELS,
    rank: Number.isFinite(e.frequency_rank) ? e.frequency_rank : Infinity,
    index: i,
    here: e.occurs_here !== false,
  }));
  // Ranked types by rank; unranked ones after them, in the catalogue's own order.
  const byRank = (a, b) => (a.rank - b.rank) || (a.index - b.index);
  const strip = ({ type, name, levels }) => ({ type, name, levels });
  return {
    common: shaped.filter((s) => s.here).sort(byRank).map(strip),
    rare: shaped.filter((s) => !s.here).sort(byRank).map(strip),
  };
}
