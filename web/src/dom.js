// A tiny element builder: h('button', {class: 'x', onclick}, '文字', child).
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'value') el.value = value;
    else el.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function replace(container, ...children) {
  container.replaceChildren(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
}

export function unavailable(what) {
  return h('p', { class: 'unavailable', role: 'status' }, `${what}暂不可用`);
}

export function errorText(err) {
  if (err?.status === 403) return `无权操作：${err.message}`;
  if (err?.status === 401) return '请先登录（令牌无效或已过期）';
  return err?.message || String(err);
}
