// Map labels that never cover one another. The district's north-east packs 18 committee names
// over 27 shelters and 30 teams; drawing every name at every zoom made a heap of text. Rules:
//  - priority: committee names first (those under a warning in force before the others, then the
//    larger committees), then shelter names, hazard points, team names;
//  - zoom: shelter, hazard and team names only when zoomed in (minZoom), committee names always;
//  - collision: a label takes the first of five places around its point (on it, above, below,
//    right, left) that touches no label already placed; committee names may sit over a marker
//    when nothing else fits, lesser names may not. A label that fits nowhere waits for a closer
//    zoom (hidden, data-placement="hidden").
// Placement is recomputed after every zoom, pan, resize or layer toggle (once per animation
// frame at most): about 90 labels against about 70 markers.
import L from 'leaflet';

const GAP = 3; // px between two labels
const MARK = 9; // px from a point to a label beside it, plus the radius of a marker drawn there

function overlaps(a, b) {
  return a.x < b.x + b.w + GAP && b.x < a.x + a.w + GAP && a.y < b.y + b.h + GAP && b.y < a.y + a.h + GAP;
}

function hitsCircle(box, c) {
  const nx = Math.max(box.x, Math.min(c.x, box.x + box.w));
  const ny = Math.max(box.y, Math.min(c.y, box.y + box.h));
  return (nx - c.x) ** 2 + (ny - c.y) ** 2 < (c.r + 1) ** 2;
}

// Offsets of a w×h label's top-left from its point, in the order tried. A label of a marker
// (radius > 0) is never put on the marker itself.
function candidates(w, h, radius) {
  const m = MARK + radius;
  return [
    radius ? null : ['centre', -w / 2, -h / 2],
    ['above', -w / 2, -h - m],
    ['below', -w / 2, m],
    ['right', m, -h / 2],
    ['left', -w - m, -h / 2],
  ].filter(Boolean);
}

export class MapLabels {
  // obstacles(): the point markers drawn now, as {x, y, r} in container pixels. complete(): has
  // everything the map draws at start arrived (the teams come after the layers)? Until then a
  // placement is not announced as final.
  constructor(map, obstacles, { complete = () => true } = {}) {
    this.map = map;
    this.obstacles = obstacles;
    this.complete = complete;
    this.labels = new Map(); // key -> {marker, el, text, kind, priority, minZoom, soft, size}
    let queued = false;
    this.schedule = () => {
      // Until the frame places them, the labels are not placed for what the map shows: the map
      // stops saying they are (a label added by a refresh of the teams waits hidden meanwhile).
      delete map.getContainer().dataset.labelsZoom;
      if (queued) return;
      queued = true;
      requestAnimationFrame(() => { queued = false; this.place(); });
    };
    // While the map moves or zooms (a zoom is animated for a quarter second, the view already at
    // its end while the drawing is not), the labels are placed but not announced as placed: what
    // a reader measures then is half-way between two views. The end of the move places them again.
    this.moving = false;
    map.on('movestart zoomstart', () => { this.moving = true; delete map.getContainer().dataset.labelsZoom; });
    map.on('moveend zoomend', () => { this.moving = false; });
    map.on('zoomend moveend resize layeradd layerremove', this.schedule);
  }

  // kind: a class for its looks and tests (committee-label, shelter-label, ...); radius: of the
  // marker it names (0: a place, the label may sit on it).
  add(key, latlng, text, { group, kind, priority, minZoom = 0, soft = false, radius = 0 }) {
    this.remove(key);
    const el = L.DomUtil.create('span', `map-label ${kind}`);
    el.textContent = text;
    el.dataset.key = key; // which feature it names (team:T01), for tests and assistive tools
    el.dataset.placement = 'hidden';
    const marker = L.marker(latlng, {
      interactive: false, keyboard: false, pane: 'labels',
      icon: L.divIcon({ className: 'map-label-anchor', html: el, iconSize: [0, 0] }),
    });
    const label = { key, marker, el, kind, priority, minZoom, soft, radius, size: null, group };
    this.labels.set(key, label);
    group.addLayer(marker);
    this.schedule();
    return label;
  }

  // The same label at another point (a team that moved): the element, its size and its place
  // stay until the next placement, so a refresh never blanks a name that is still there.
  move(key, latlng, text) {
    const label = this.labels.get(key);
    if (!label) return false;
    if (label.el.textContent !== text) { label.el.textContent = text; label.size = null; }
    if (!label.marker.getLatLng().equals(latlng)) label.marker.setLatLng(latlng);
    this.schedule();
    return true;
  }

  remove(key) {
    const label = this.labels.get(key);
    if (!label) return;
    label.group.removeLayer(label.marker);
    this.labels.delete(key);
  }

  keysOf(kind) {
    return [...this.labels.values()].filter((label) => label.kind === kind).map((label) => label.key);
  }

  setPriority(key, priority) {
    const label = this.labels.get(key);
    if (label && label.priority !== priority) { label.priority = priority; this.schedule(); }
  }

  place() {
    const zoom = this.map.getZoom();
    const size = this.map.getSize();
    const obstacles = this.obstacles();
    const placed = [];
    const order = [...this.labels.values()].sort((a, b) => b.priority - a.priority || (a.key < b.key ? -1 : 1));
    for (const label of order) {
      const { el } = label;
      if (!el.isConnected || zoom < label.minZoom) { this.hide(label); continue; }
      label.size ??= { w: el.offsetWidth, h: el.offsetHeight };
      const { w, h } = label.size;
      const p = this.map.latLngToContainerPoint(label.marker.getLatLng());
      if (p.x < -w || p.y < -h || p.x > size.x + w || p.y > size.y + h) { this.hide(label); continue; }
      const boxes = candidates(w, h, label.radius).map(([name, dx, dy]) => ({ name, dx, dy, x: p.x + dx, y: p.y + dy, w, h }));
      const free = boxes.filter((b) => !placed.some((q) => overlaps(b, q)));
      const clear = free.find((b) => !obstacles.some((c) => hitsCircle(b, c)));
      const chosen = clear || (label.soft ? free[0] : null);
      if (!chosen) { this.hide(label); continue; }
      placed.push(chosen);
      el.style.transform = `translate(${Math.round(chosen.dx)}px, ${Math.round(chosen.dy)}px)`;
      el.dataset.placement = chosen.name;
      el.classList.remove('label-hidden');
    }
    // The zoom the labels were last placed for, once all of them are there (tests and assistive
    // tools wait on it rather than on time).
    if (this.complete() && !this.moving) this.map.getContainer().dataset.labelsZoom = String(zoom);
  }

  hide(label) {
    label.el.dataset.placement = 'hidden';
    label.el.classList.add('label-hidden');
  }
}
