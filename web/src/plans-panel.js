// The plans browser: the district's emergency plans, each shown as its own structured text.
import { get, has, listOf } from './api.js';
import { errorText, h, replace, unavailable } from './dom.js';

const KEY_NAMES = {
  id: '编号', title: '名称', name: '名称', scope: '适用范围', purpose: '编制目的', principles: '工作原则',
  levels: '响应分级', triggers: '启动条件', actions: '响应措施', command: '指挥机构', members: '成员单位',
  hazards: '风险', contacts: '联系方式', resources: '保障资源', termination: '响应终止',
};

function tree(value, depth = 0) {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== 'object')) return value.join('、');
    return h('ol', {}, value.map((v) => h('li', {}, tree(v, depth + 1))));
  }
  if (typeof value === 'object') {
    return h('dl', { class: `tree depth-${depth}` }, Object.entries(value).map(([k, v]) => [h('dt', {}, KEY_NAMES[k] || k), h('dd', {}, tree(v, depth + 1))]));
  }
  return String(value);
}

export function createPlansPanel(container) {
  const list = h('ul', { class: 'plan-list' });
  const detail = h('div', { class: 'plan-detail' });

  async function open(id) {
    replace(detail, '加载中…');
    try {
      const plan = await get(`/plans/${encodeURIComponent(id)}`);
      replace(detail, h('h3', {}, plan.title || plan.name || id), tree(plan));
    } catch (err) {
      replace(detail, h('p', { class: 'error' }, errorText(err)));
    }
  }

  async function refresh() {
    if (!has('GET', '/plans')) return replace(container, h('h2', {}, '预案'), unavailable('预案库'));
    replace(container, h('h2', {}, '预案'), list, detail);
    try {
      const plans = listOf(await get('/plans'), 'plans');
      replace(list, plans.map((p) => h('li', {}, h('button', { class: 'link', 'data-plan-id': p.id, onclick: () => open(p.id) }, p.title || p.name || p.id))));
    } catch (err) {
      replace(list, h('li', { class: 'error' }, errorText(err)));
    }
  }

  return { refresh };
}
