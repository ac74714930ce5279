// The district map: Leaflet drawing into one SVG, so every feature is a DOM element that carries
// data-layer (its layer id) and data-id (its feature id) for tests and assistive tools, and can
// take keyboard focus. Basemap tiles are optional (site-config.json); without them the boundary
// and layers stand on a plain background, which is what an offline duty desk gets.
import L from 'leaflet';
import { get, has, listOf } from './api.js';
import { h } from './dom.js';
import { shortTime } from './beijing-time.js';
import { MapLabels } from './map-labels.js';
import {
  FRESHNESS, LEVELS, SHELTER_CLASS, SIGNAL_TYPES, TEAM_STATUSES, isDrill, levelName, signalTitle,
} from './vocabulary.js';

export const LAYERS = [
  { id: 'boundary', name: '区界', on: true },
  { id: 'committees', name: '片区管委会', on: true },
  { id: 'warnings', name: '预警区域', on: true },
  { id: 'communities', name: '社区', on: false },
  { id: 'shelters', name: '避难场所', on: true },
  { id: 'waterlogging', name: '内涝点', on: true },
  { id: 'geohazards', name: '地质灾害点', on: true },
  { id: 'relief_stock', name: '物资仓库', on: false },
  { id: 'teams', name: '救援队伍', on: true },
  { id: 'drill', name: '演练影响范围', on: true },
];

function tag(layer, layerId, featureId, label) {
  const mark = () => {
    const el = layer.getElement?.();
    if (!el) return;
    el.setAttribute('data-layer', layerId);
    el.setAttribute('data-id', featureId);
    if (label && layer.options.interactive !== false) {
      el.setAttribute('tabindex', '0');
      el.setAttribute('role', 'button');
      el.setAttribute('aria-label', label);
      el.addEventListener('keydown', (e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          layer.fire('click', { latlng: layer.getLatLng?.() || layer.getBounds().getCenter() });
        }
      });
    }
  };
  layer.on('add', mark);
  return layer;
}

function details(title, rows) {
  return h('div', { class: 'popup' }, h('h3', {}, title),
    h('dl', {}, rows.filter(([, v]) => v !== undefined && v !== null && v !== '').map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])));
}

const SHELTER_RADIUS = { I: 11, II: 8, III: 6 }; // px: the bigger the class, the bigger the dot

// Exercise purple, deeper for a stronger intensity or a higher risk.
const RISK_WEIGHT = { severe: 3, high: 2, watch: 1 };
export function impactStyle(p) {
  const weight = p.degree ? Math.max(0, p.degree - 5) : RISK_WEIGHT[p.risk] ?? 1;
  return { color: '#6a1b9a', weight: 1.5, dashArray: '6 4', fillColor: '#ab47bc', fillOpacity: 0.06 + 0.05 * weight };
}

function point(feature) {
  const [lon, lat] = feature.geometry.coordinates;
  return L.latLng(lat, lon);
}

export class DashboardMap {
  constructor(element, { onLocate, siteConfig }) {
    this.renderer = L.svg({ padding: 0.5 });
    // No fade: a popup is readable the instant it opens (and screenshots never catch it half-drawn).
    this.map = L.map(element, { renderer: this.renderer, zoomSnap: 0.25, attributionControl: true, keyboard: true, fadeAnimation: false });
    this.map.attributionControl.setPrefix(false);
    // Names above every shape and marker, never catching a click meant for the map under them.
    this.map.createPane('labels').style.zIndex = 650;
    this.map.getPane('labels').style.pointerEvents = 'none';
    this.groups = Object.fromEntries(LAYERS.map((l) => [l.id, L.layerGroup()]));
    LAYERS.filter((l) => l.on).forEach((l) => this.groups[l.id].addTo(this.map));
    this.committees = new Map(); // code -> feature
    this.committeeRank = new Map(); // code -> 0 (smallest) … 17 (largest)
    this.onLocate = onLocate;
    this.teamsDrawn = false; // the teams come after the layers (main.js refreshTeams)
    this.labels = new MapLabels(this.map, () => this.markerCircles(), { complete: () => this.teamsDrawn });
    // The zoom on the element, for tests and assistive tools (labels depend on it).
    this.map.on('zoomend', () => { element.dataset.zoom = String(this.map.getZoom()); });
    this.map.setView([43.75, 87.5], 11);
    // The map's box changes size without the window doing so (the desk-alert banner above it comes
    // and goes). Leaflet only watches the window: told nothing, it keeps the old size, draws and
    // labels only the old box, and a strip uncovered by a dismissed banner stays empty.
    new ResizeObserver(() => this.map.invalidateSize()).observe(element);
    this.addBasemap(siteConfig?.basemap);
    this.map.on('click', (e) => this.locate(e.latlng));
  }

  addBasemap(basemap) {
    if (!basemap) return;
    if (basemap.tianditu_key) {
      const tk = encodeURIComponent(basemap.tianditu_key);
      const wmts = (layer) => `https://t{s}.tianditu.gov.cn/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0` +
        `&LAYER=${layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${tk}`;
      const opts = { subdomains: '01234567', maxZoom: 18, attribution: '天地图' };
      L.tileLayer(wmts('vec'), opts).addTo(this.map);
      L.tileLayer(wmts('cva'), opts).addTo(this.map);
    } else if (basemap.url) {
      L.tileLayer(basemap.url, { maxZoom: 18, attribution: basemap.attribution || '' }).addTo(this.map);
    }
  }

  toggle(layerId, on) {
    const group = this.groups[layerId];
    if (on) group.addTo(this.map);
    else group.remove();
  }

  isOn(layerId) {
    return this.map.hasLayer(this.groups[layerId]);
  }

  // The point markers on the map now, as circles in container pixels: what a label should not hide.
  markerCircles() {
    const out = [];
    for (const id of ['shelters', 'waterlogging', 'geohazards', 'teams', 'communities', 'relief_stock']) {
      if (!this.isOn(id)) continue;
      this.groups[id].eachLayer((l) => {
        if (!l.getRadius) return;
        const p = this.map.latLngToContainerPoint(l.getLatLng());
        out.push({ x: p.x, y: p.y, r: l.getRadius() + 1 });
      });
    }
    return out;
  }

  async load() {
    const items = (id) => get(`/collections/${id}/items?limit=10000`).then((fc) => fc.features || []);
    const [boundary, committees, communities, shelters, waterlogging, geohazards, stock] = await Promise.all(
      ['boundary', 'committees', 'communities', 'shelters', 'waterlogging', 'geohazards', 'relief_stock'].map(
        (id) => items(id).catch(() => [])),
    );
    for (const f of boundary) {
      const layer = L.geoJSON(f, { interactive: false, style: { color: '#333', weight: 3, fill: true, fillColor: '#fdfcf7', fillOpacity: 0.6 } });
      layer.eachLayer((l) => tag(l, 'boundary', f.id ?? f.properties.code));
      this.groups.boundary.addLayer(layer);
      this.districtBounds = layer.getBounds();
      this.map.fitBounds(this.districtBounds, { padding: [10, 10] });
    }
    const sizes = [];
    for (const f of committees) {
      this.committees.set(String(f.id ?? f.properties.code), f);
      const layer = L.geoJSON(f, { interactive: false, style: { color: '#7a7a7a', weight: 1, dashArray: '4 3', fill: false } });
      layer.eachLayer((l) => tag(l, 'committees', f.id ?? f.properties.code));
      this.groups.committees.addLayer(layer);
      const office = f.properties.office_lat ? L.latLng(f.properties.office_lat, f.properties.office_lon) : layer.getBounds().getCenter();
      const code = String(f.id ?? f.properties.code);
      const b = layer.getBounds();
      sizes.push([code, (b.getNorth() - b.getSouth()) * (b.getEast() - b.getWest())]);
      this.labels.add(`committee:${code}`, office, f.properties.name.replace(/片区管委会|街道办事处|管委会/, ''),
        { group: this.groups.committees, kind: 'committee-label', priority: 100, soft: true });
    }
    // Larger committees are named first; the small ones of the dense north-east as room allows.
    sizes.sort((a, b) => a[1] - b[1]).forEach(([code], rank) => { this.committeeRank.set(code, rank); });
    this.setWarnedCommittees([]);
    for (const f of communities) {
      this.groups.communities.addLayer(tag(L.circleMarker(point(f), { radius: 3, color: '#8d6e63', weight: 1, fillOpacity: 0.6 })
        .bindPopup(() => details(f.properties.name, [['人口', f.properties.population]])), 'communities', f.id, f.properties.name));
    }
    for (const f of shelters) {
      this.groups.shelters.addLayer(this.shelterMarker(f));
      // Class I shelters (the big parks) are named a step earlier than the others.
      this.labels.add(`shelter:${f.id}`, point(f), f.properties.name,
        { group: this.groups.shelters, kind: 'shelter-label', minZoom: f.properties.class === 'I' ? 13 : 14, priority: { I: 60, II: 55 }[f.properties.class] || 50, radius: SHELTER_RADIUS[f.properties.class] || 6 });
    }
    for (const f of waterlogging) {
      const p = f.properties;
      this.groups.waterlogging.addLayer(tag(L.circleMarker(point(f), { radius: 7, color: '#01579b', weight: 2, fillColor: '#4fc3f7', fillOpacity: 0.9 })
        .bindPopup(() => details(`内涝点：${p.name}`, [['道路', p.road], ['成因', p.cause], ['状态', p.status], ['排水能力', p.pump_capacity_m3h && `${p.pump_capacity_m3h} m³/h`]])),
      'waterlogging', f.id, `内涝点 ${p.name}`));
      this.labels.add(`waterlogging:${f.id}`, point(f), p.name, { group: this.groups.waterlogging, kind: 'hazard-label', minZoom: 14, priority: 45, radius: 7 });
    }
    for (const f of geohazards) {
      const p = f.properties;
      this.groups.geohazards.addLayer(tag(L.circleMarker(point(f), { radius: 7, color: '#4e342e', weight: 2, fillColor: '#a1887f', fillOpacity: 0.9 })
        .bindPopup(() => details(`地质灾害点：${p.name}`, [['类型', p.type], ['威胁人数', p.threatened_people], ['监测', p.monitor], ['状态', p.status]])),
      'geohazards', f.id, `地质灾害点 ${p.name}`));
      this.labels.add(`geohazard:${f.id}`, point(f), p.name, { group: this.groups.geohazards, kind: 'hazard-label', minZoom: 14, priority: 45, radius: 7 });
    }
    for (const f of stock) {
      const p = f.properties;
      this.groups.relief_stock.addLayer(tag(L.circleMarker(point(f), { radius: 6, color: '#33691e', weight: 2, fillColor: '#c5e1a5', fillOpacity: 0.9 })
        .bindPopup(() => details(`物资仓库：${p.name}`, [['物资', p.items], ['面积', p.capacity_m2 && `${p.capacity_m2} m²`]])),
      'relief_stock', f.id, `物资仓库 ${p.name}`));
    }
    return { shelters: shelters.length, committees: [...this.committees.values()] };
  }

  shelterMarker(f) {
    const p = f.properties;
    const open = p.status === 'open';
    const radius = SHELTER_RADIUS[p.class] || 6;
    const marker = L.circleMarker(point(f), {
      radius, color: open ? '#1b5e20' : '#616161', weight: 2, fillColor: open ? '#66bb6a' : '#e0e0e0', fillOpacity: 0.9,
    }).bindPopup(() => details(`避难场所：${p.name}`, [
      ['类别', SHELTER_CLASS[p.class] || p.class], ['容纳人数', p.capacity?.toLocaleString('zh-CN')],
      ['面积', p.area_m2 && `${Math.round(p.area_m2).toLocaleString('zh-CN')} m²`], ['服务半径', p.service_radius_m && `${p.service_radius_m} m`],
      ['状态', open ? '开放' : '关闭'], ['设施', p.facilities],
    ]));
    return tag(marker, 'shelters', f.id, `避难场所 ${p.name}，${SHELTER_CLASS[p.class] || ''}，${open ? '开放' : '关闭'}`);
  }

  // Active warnings: the committee polygons of each warning's area (or its own polygon), filled
  // in the warning's colour; exercise areas hatched so they never look like a real warning.
  setWarnings(warnings, onSelect) {
    const group = this.groups.warnings;
    group.clearLayers();
    const order = ['blue', 'yellow', 'orange', 'red'];
    const sorted = [...warnings].sort((a, b) => order.indexOf(a.level) - order.indexOf(b.level));
    this.setWarnedCommittees(warnings.flatMap((w) => w.area?.committees || []));
    for (const w of sorted) {
      const colour = LEVELS[w.level]?.colour || '#999';
      const style = { color: colour, weight: 2, fillColor: colour, fillOpacity: isDrill(w) ? 0.15 : 0.35, dashArray: isDrill(w) ? '8 6' : null };
      const title = `${isDrill(w) ? '【演练】' : ''}${signalTitle(w)}`;
      const popup = () => details(title, [['状态', w.state], ['生效', shortTime(w.onset)], ['失效', shortTime(w.expires)], ['级别', levelName(w.level)]]);
      const shapes = [];
      if (w.area?.polygon) shapes.push([w.id, { type: 'Feature', geometry: w.area.polygon, properties: {} }]);
      else for (const code of w.area?.committees || []) if (this.committees.has(code)) shapes.push([`${w.id}/${code}`, this.committees.get(code)]);
      for (const [id, feature] of shapes) {
        const layer = L.geoJSON(feature, { style });
        layer.eachLayer((l) => {
          tag(l, 'warnings', id, title);
          l.bindPopup(popup);
          l.on('click', (e) => { L.DomEvent.stopPropagation(e); onSelect?.(w); });
        });
        group.addLayer(layer);
      }
    }
  }

  // Committees under a warning in force are named before all others.
  setWarnedCommittees(codes) {
    const warned = new Set(codes);
    for (const [code, rank] of this.committeeRank) this.labels.setPriority(`committee:${code}`, (warned.has(code) ? 200 : 100) + rank);
  }

  // Teams at their reported position (or home base), coloured by status, faded when stale.
  // Their names stay where they are placed across refreshes (each team event refreshes the
  // list): a name is moved with its team, added for a new team, removed for one that is gone.
  setTeams(teams) {
    const group = this.groups.teams;
    for (const layer of group.getLayers()) if (!(layer instanceof L.Marker)) group.removeLayer(layer);
    const named = new Set();
    for (const t of teams) {
      const pos = t.position && t.position.lat != null ? L.latLng(t.position.lat, t.position.lon) : t.home;
      if (!pos) continue;
      const status = TEAM_STATUSES[t.status];
      const freshness = t.freshness || t.position?.freshness;
      const faded = freshness === 'stale' || freshness === 'lost';
      const marker = L.circleMarker(pos, {
        radius: 7, color: '#212121', weight: faded ? 1 : 2, dashArray: faded ? '2 2' : null,
        fillColor: status?.colour || '#9e9e9e', fillOpacity: faded ? 0.35 : 0.95,
      }).bindPopup(() => details(`队伍：${t.name}`, [
        ['编号', t.id], ['状态', status?.name || '未知'], ['人数', t.headcount], ['专业', t.specialtiesText],
        ['位置', freshness ? `${FRESHNESS[freshness] || freshness}${t.position?.time ? `（${shortTime(t.position.time)}）` : ''}` : '驻地'],
        ['队长', t.leader], ['电话', t.phone],
      ]));
      group.addLayer(tag(marker, 'teams', t.id, `队伍 ${t.name}，${status?.name || '状态未知'}`));
      const key = `team:${t.id}`;
      named.add(key);
      if (!this.labels.move(key, L.latLng(pos), t.name)) {
        this.labels.add(key, pos, t.name, { group, kind: 'team-label', minZoom: 15, priority: 30, radius: 7 });
      }
    }
    for (const key of this.labels.keysOf('team-label')) if (!named.has(key)) this.labels.remove(key);
    this.teamsDrawn = true;
    this.labels.schedule();
  }

  // A drill's impact zones (intensity ellipses, risk areas, an evacuation circle) under the drill
  // layer, drawn under the map's clicks (a click still asks what is there); fit: bring the part
  // of them that lies in the district into view.
  setImpact(geojson, { fit = false } = {}) {
    const group = this.groups.drill;
    group.clearLayers();
    if (!geojson) return;
    const layer = L.geoJSON(geojson, {
      interactive: false,
      style: (f) => impactStyle(f?.properties || {}),
      pointToLayer: (f, latlng) => L.circleMarker(latlng, { radius: 5, color: '#6a1b9a', interactive: false }),
    });
    let n = 0;
    layer.eachLayer((l) => tag(l, 'drill', l.feature?.id ?? `impact-${n++}`));
    group.addLayer(layer);
    const zones = layer.getBounds();
    if (!fit || !zones.isValid()) return;
    // An earthquake's outer ellipses reach far beyond the district: fit what overlaps it.
    const d = this.districtBounds;
    const inside = d && zones.intersects(d) ? L.latLngBounds(
      [Math.max(zones.getSouth(), d.getSouth()), Math.max(zones.getWest(), d.getWest())],
      [Math.min(zones.getNorth(), d.getNorth()), Math.min(zones.getEast(), d.getEast())]) : zones;
    this.map.fitBounds(inside, { padding: [20, 20], maxZoom: 15 });
  }

  async locate(latlng) {
    if (!has('GET', '/geo/locate')) return;
    const content = h('div', { class: 'popup', 'data-testid': 'locate-result' }, '查询中…');
    const popup = L.popup().setLatLng(latlng).setContent(content).openOn(this.map);
    this.onLocate?.(latlng);
    try {
      const r = await get(`/geo/locate?lon=${latlng.lng.toFixed(6)}&lat=${latlng.lat.toFixed(6)}`);
      content.replaceChildren(details(r.inside_district ? '位置查询' : '位置查询（区外）', [
        ['坐标', `${latlng.lng.toFixed(5)}, ${latlng.lat.toFixed(5)}`],
        ['片区', r.committee?.name], ['社区', r.community && `${r.community.name}（${Math.round(r.community.distance_m)} m）`],
        ['最近开放避难场所', r.nearest_shelter && `${r.nearest_shelter.name}（${Math.round(r.nearest_shelter.distance_m)} m）`],
      ]));
      popup.update();
    } catch (err) {
      content.textContent = `位置查询失败：${err.message}`;
    }
  }
}

export { SIGNAL_TYPES, listOf };
