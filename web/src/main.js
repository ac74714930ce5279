// The duty desk: header (clock, mode, login), the map, and the side panels. Panels learn which
// endpoints exist from /api (polled) and what the logged-in role may do from each operation's
// x-roles, so the page offers exactly what this person can do on this server today.
// A committee lands on its own warnings to acknowledge (committee-warnings.js), above the map.
import { createWarningHistory } from './warning-history.js';
import 'leaflet/dist/leaflet.css';
import './style.css';
import { ApiError, can, get, has, onCapabilitiesChanged, refreshCapabilities, request, session } from './api.js';
import { h, replace } from './dom.js';
import { clockText } from './beijing-time.js';
import { DashboardMap, LAYERS } from './map.js';
import { createWarningsPanel, fetchSignals, fetchWarnings, isLive } from './warnings-panel.js';
import { orderSignals } from './signal-order.js';
import { createDeskAlerts } from './desk-alerts.js';
import { createAckBoard } from './ack-board.js';
import { createTeamsPanel, fetchTeams } from './teams-panel.js';
import { createPlansPanel } from './plans-panel.js';
import { createDrillsPanel } from './drills-panel.js';
import { createStockPanel } from './stock-panel.js';
import { createDutyPanel } from './duty-panel.js';
import { createDrillNotices } from './drill-notices.js';
import { createCommitteeWarnings } from './committee-warnings.js';
import { connectEvents } from './event-stream.js';
import { ROLES } from './vocabulary.js';

const $ = (sel) => document.querySelector(sel);

const app = {
  warnings: [],
  teams: [],
  committeeNames: new Map(),
  exerciseMode: sessionStorage.getItem('eoc.exercise') === '1',
  signals: orderSignals(null), // the draft form's types, in the district's order once the server says
  alertCount: 0,
  lastClick: null,
  liveWarnings() { return this.warnings.filter(isLive); },
};

function startClock() {
  const clock = $('#clock');
  const tick = () => { clock.textContent = clockText(); };
  tick();
  setInterval(tick, 1000);
}

function setExerciseMode(on) {
  app.exerciseMode = on;
  sessionStorage.setItem('eoc.exercise', on ? '1' : '0');
  document.body.classList.toggle('exercise', on);
  $('#drill-banner').hidden = !on;
  $('#exercise-mode').checked = on;
  setTitle();
  app.panels?.warnings.resetForm();
  renderAll();
}

// "(2) 【演练】沙依巴克区应急指挥值班台": what needs the desk is counted where a desk with another
// window in front still sees it.
function setTitle() {
  document.title = `${app.alertCount ? `(${app.alertCount}) ` : ''}${app.exerciseMode ? '【演练】' : ''}沙依巴克区应急指挥值班台`;
}

function renderAll() {
  if (!app.panels) return;
  app.panels.warnings.render();
  app.panels.acks.render();
  app.panels.committee.render();
  app.map.setWarnings(app.liveWarnings().filter((w) => (w.status !== 'Actual') === app.exerciseMode), (w) => app.showAcks(w));
}

app.refreshWarnings = async () => {
  try {
    app.warnings = await fetchWarnings();
  } catch { /* keep the last list; the panel says why on its next action */ }
  renderAll();
  await app.panels.acks.refresh();
};

app.refreshTeams = async () => {
  app.teams = await fetchTeams().catch(() => app.teams);
  app.map.setTeams(app.teams);
  app.panels.teams.render();
};

app.showAcks = () => selectTab('acks');
app.showActivation = (activation) => {
  app.currentActivation = activation;
  app.panels.teams.showActivation(activation);
};
app.activate = async (w) => {
  try {
    const activation = await request('POST', '/activations', { warning: { type: w.type, level: w.level, area: w.area } });
    app.currentActivation = activation;
    app.panels.teams.showActivation(activation);
    selectTab('teams');
  } catch (err) { alert(err.message); }
};

function selectTab(id) {
  for (const tab of document.querySelectorAll('[role=tab]')) {
    const selected = tab.dataset.tab === id;
    tab.setAttribute('aria-selected', String(selected));
    tab.tabIndex = selected ? 0 : -1;
    $(`#panel-${tab.dataset.tab}`).hidden = !selected;
  }
  // The history is read when it is looked at, not on every event.
  if (id === 'history') app.panels?.history?.refresh();
}

function setupTabs() {
  const tabs = [...document.querySelectorAll('[role=tab]')];
  tabs.forEach((tab, i) => {
    tab.addEventListener('click', () => selectTab(tab.dataset.tab));
    tab.addEventListener('keydown', (e) => {
      const target = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[e.key];
      if (target === undefined) return;
      e.preventDefault();
      const next = tabs[(target + tabs.length) % tabs.length];
      selectTab(next.dataset.tab);
      next.focus();
    });
  });
  // Alt+1…8 jumps to a panel from anywhere on the desk; Alt+0 to what needs the desk.
  document.addEventListener('keydown', (e) => {
    if (!e.altKey) return;
    if (e.key === '0') {
      const seen = document.querySelector('#desk-alerts:not([hidden]) [data-action=ack-alert]');
      if (seen) { e.preventDefault(); seen.focus(); }
      return;
    }
    const tab = tabs[Number(e.key) - 1];
    if (tab) { e.preventDefault(); selectTab(tab.dataset.tab); tab.focus(); }
  });
  selectTab('warnings');
}

function setupLayerToggles() {
  replace($('#layer-toggles'), h('legend', {}, '图层'), LAYERS.map((l) => h('label', {},
    h('input', { type: 'checkbox', 'data-toggle': l.id, checked: app.map.isOn(l.id), onchange: (e) => app.map.toggle(l.id, e.target.checked) }), l.name)));
}

function renderWho() {
  const p = session.principal;
  replace($('#who'), p ? `${p.name || '未署名'} · ${ROLES[p.role] || p.role}${p.subject ? ` ${p.subject}` : ''}` : '未登录（只读）');
  $('#login-button').textContent = p ? '退出' : '登录';
}

async function login(token) {
  try {
    const who = await get('/whoami', { token });
    session.setToken(token);
    session.principal = who;
    return true;
  } catch (err) {
    if (err instanceof ApiError && (err.status === 401 || err.status === 403)) return false;
    throw err;
  }
}

function setupLogin() {
  const dialog = $('#login-dialog');
  const input = $('#login-token');
  const error = $('#login-error');
  $('#login-button').addEventListener('click', () => {
    if (session.principal) {
      session.setToken('');
      session.principal = null;
      onSessionChanged();
      return;
    }
    error.textContent = '';
    input.value = '';
    dialog.showModal();
    input.focus();
  });
  $('#login-cancel').addEventListener('click', () => dialog.close());
  $('#login-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const token = input.value.trim();
    if (!token) return;
    if (await login(token).catch(() => false)) {
      dialog.close();
      onSessionChanged();
    } else {
      error.textContent = '令牌无效，请检查后重试';
      input.select();
    }
  });
}

let events = null;
function onSessionChanged() {
  renderWho();
  events?.stop();
  events = null;
  const liveState = $('#live-status');
  app.panels.notices.reset();
  app.panels.committee.reset();
  app.panels.alerts.reset();
  if (has('GET', '/events') && (session.principal || !has('GET', '/events') || can('GET', '/events'))) {
    let timer = null;
    events = connectEvents({
      // A committee screen replays the server's recent history: a drill notice sent before it
      // was opened must still be there to acknowledge.
      since: session.principal?.role === 'committee' ? '0' : '',
      onState: (s) => { liveState.textContent = s === 'live' ? '● 实时' : '○ 重连中'; liveState.dataset.state = s; },
      onEvent: (type, envelope) => {
        app.panels.alerts.onEvent(type, envelope);
        app.panels.duty.onEvent(type, envelope);
        app.panels.drills.onEvent(type, envelope);
        app.panels.notices.onEvent(type, envelope);
        app.panels.committee.onEvent(type, envelope);
        app.panels.stock.onEvent(type, envelope);
        // Coalesce bursts (18 acks arrive together) into one refresh.
        clearTimeout(timer);
        timer = setTimeout(() => {
          app.refreshWarnings();
          if (/team|incident|dispatch/.test(type)) app.refreshTeams();
        }, 150);
      },
    });
  } else {
    liveState.textContent = '';
  }
  app.panels.warnings.resetForm();
  fetchSignals().then((signals) => {
    if (JSON.stringify(signals) === JSON.stringify(app.signals)) return; // a draft being typed stays
    app.signals = signals;
    app.panels.warnings.resetForm();
  }).catch(() => {});
  app.refreshWarnings().then(() => app.panels.alerts.seed());
  app.refreshTeams();
  app.panels.plans.refresh();
  app.panels.drills.render();
  app.panels.stock.refresh();
  // A handover waiting for whoever logs in at the start of a shift: the 值班 tab opens on it.
  app.panels.duty.refresh().then(() => { if (app.panels.duty.openHandoverIfWaiting()) selectTab('duty'); }).catch(() => {});
}

async function loadSiteConfig() {
  return get('/static/site-config.json').catch(() => ({}));
}

async function main() {
  startClock();
  setupTabs();
  setupLogin();
  await refreshCapabilities();
  if (session.token && !(await login(session.token).catch(() => false))) session.setToken('');
  const siteConfig = await loadSiteConfig();
  app.map = new DashboardMap($('#map'), {
    siteConfig,
    onLocate: (latlng) => { app.lastClick = latlng; app.panels.teams.setLocation(); },
  });
  const loaded = await app.map.load();
  for (const f of loaded.committees) app.committeeNames.set(String(f.id ?? f.properties.code), f.properties.name);
  setupLayerToggles();
  app.panels = {
    duty: createDutyPanel($('#panel-duty'), app),
    warnings: createWarningsPanel($('#panel-warnings'), app),
    acks: createAckBoard($('#panel-acks'), app),
    teams: createTeamsPanel($('#panel-teams'), app),
    plans: createPlansPanel($('#panel-plans'), app),
    drills: createDrillsPanel($('#panel-drills'), app),
    stock: createStockPanel($('#panel-stock'), app),
    history: createWarningHistory($('#panel-history'), app),
    notices: createDrillNotices($('#drill-notices')),
    committee: createCommitteeWarnings($('#committee-warnings'), app),
    alerts: createDeskAlerts($('#desk-alerts'), app, {
      onCount: (n) => { app.alertCount = n; setTitle(); },
      showTab: (id) => { selectTab(id); document.querySelector(`[role=tab][data-tab=${id}]`).focus(); },
    }),
  };
  $('#exercise-mode').addEventListener('change', (e) => setExerciseMode(e.target.checked));
  setExerciseMode(app.exerciseMode);
  onSessionChanged();
  // New endpoints appear as other parts of eoc are deployed; pick them up without a reload.
  onCapabilitiesChanged(() => onSessionChanged());
  setInterval(refreshCapabilities, 30000);
  // Warnings expire on their own; re-render the lists once a minute even without events.
  setInterval(renderAll, 60000);
  document.body.dataset.ready = 'true';
}

main().catch((err) => {
  replace($('#fatal'), `值班台加载失败：${err.message}`);
  $('#fatal').hidden = false;
});
