// The one way the dashboard talks to eoc: bearer token, JSON in and out, problem+json errors,
// and the list of endpoints that exist right now (from /api), so that a panel whose API has not
// been deployed shows "暂不可用" instead of sending requests that can only fail.

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

const TOKEN_KEY = 'eoc.token';

export const session = {
  token: sessionStorage.getItem(TOKEN_KEY) || '',
  principal: null, // {role, subject, name} once logged in
  setToken(token) {
    this.token = token;
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  },
};

export async function request(method, path, body, { token = session.token, accept = 'application/json' } = {}) {
  const headers = { Accept: accept };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const type = res.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await res.json().catch(() => null) : await res.text();
  if (!res.ok) throw new ApiError(res.status, typeof data === 'object' ? data : { detail: data });
  return data;
}

export const get = (path, opts) => request('GET', path, undefined, opts);
export const post = (path, body, opts) => request('POST', path, body ?? {}, opts);

// The OpenAPI paths of the running server: {"/warnings": {"get": {...}, "post": {...}}, ...}.
let openApiPaths = {};
const listeners = new Set();

export async function refreshCapabilities() {
  try {
    const doc = await get('/api');
    const before = JSON.stringify(Object.keys(openApiPaths).sort());
    openApiPaths = doc.paths || {};
    if (JSON.stringify(Object.keys(openApiPaths).sort()) !== before) listeners.forEach((f) => f());
  } catch {
    // Keep what we knew: a transient failure must not hide every panel.
  }
}

export function onCapabilitiesChanged(listener) {
  listeners.add(listener);
}

function operation(method, template) {
  return openApiPaths[template]?.[method.toLowerCase()];
}

// Does the server have this endpoint (by its OpenAPI template, e.g. "/warnings/{id}/issue")?
export function has(method, template) {
  if (operation(method, template)) return true;
  // Path parameter names differ between helpers ({id}, {warningId}); compare shapes.
  const shape = template.replace(/\{[^}]+\}/g, '{}');
  return Object.entries(openApiPaths).some(
    ([path, ops]) => path.replace(/\{[^}]+\}/g, '{}') === shape && ops[method.toLowerCase()],
  );
}

// May the logged-in role call it? Public endpoints: anyone; others: the roles in x-roles.
export function can(method, template) {
  if (!has(method, template)) return false;
  const shape = template.replace(/\{[^}]+\}/g, '{}');
  const entry = Object.entries(openApiPaths).find(
    ([path, ops]) => path.replace(/\{[^}]+\}/g, '{}') === shape && ops[method.toLowerCase()],
  );
  const op = entry[1][method.toLowerCase()];
  if (!op.security) return true;
  const role = session.principal?.role;
  if (!role) return false;
  return (op['x-roles'] || '').split(',').map((r) => r.trim()).includes(role);
}

// Lists come either bare or wrapped ({"warnings": [...]}, {"items": [...]}); accept both.
export function listOf(data, ...keys) {
  if (Array.isArray(data)) return data;
  for (const key of [...keys, 'items', 'data', 'results']) if (Array.isArray(data?.[key])) return data[key];
  return [];
}
