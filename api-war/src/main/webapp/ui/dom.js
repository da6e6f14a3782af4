// Building the page from server data: every value goes in as text (textContent or a text node),
// never as markup. A job's output is whatever someone else's program printed.

/** `h('a', {href: '#/x', class: 'c'}, 'text', child...)`: an element; strings become text nodes. */
export function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value == null || value === false) {
      continue;
    }
    if (name === 'class') {
      element.className = value;
    } else if (name.startsWith('on')) {
      element.addEventListener(name.slice(2), value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  for (const child of children.flat(Infinity)) {
    if (child != null && child !== false) {
      element.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
  }
  return element;
}

/** Replaces the element's children. */
export function fill(element, ...children) {
  element.replaceChildren(...children.flat(Infinity).filter((c) => c != null && c !== false)
    .map((c) => (c instanceof Node ? c : document.createTextNode(String(c)))));
  return element;
}

/** Sets the text of an element only when it changed (keeps selections and screen readers calm). */
export function setText(element, text) {
  const value = text == null ? '' : String(text);
  if (element.textContent !== value) {
    element.textContent = value;
  }
}

/**
 * Keeps a table body in step with `items`: a row is rebuilt only when its item changed, so
 * polling does not take the keyboard focus away from rows that stayed the same.
 */
export function syncRows(tbody, items, keyOf, rowOf) {
  const known = tbody._rows || new Map();
  const next = new Map();
  items.forEach((item, index) => {
    const key = keyOf(item);
    const json = JSON.stringify(item) + index;
    const old = known.get(key);
    const row = old && old.json === json ? old.row : rowOf(item, index);
    next.set(key, { row, json });
    if (old && old.row !== row) {
      old.row.replaceWith(row);
    }
    if (tbody.children[index] !== row) {
      tbody.insertBefore(row, tbody.children[index] || null);
    }
  });
  for (const [key, { row }] of known) {
    if (!next.has(key)) {
      row.remove();
    }
  }
  tbody._rows = next;
}

export function time(iso) {
  if (!iso) {
    return h('span', { class: 'muted' }, '—');
  }
  const date = new Date(iso);
  return h('time', { datetime: iso, title: iso }, date.toLocaleString());
}

export function duration(ms) {
  if (ms == null) {
    return '—';
  }
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(ms < 10000 ? 2 : 1)} s`;
}

export function bytes(n) {
  if (n == null) {
    return '—';
  }
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** `wrong_answer` → `wrong answer`. */
export const words = (wireName) => (wireName == null ? '' : String(wireName).replaceAll('_', ' '));

/** A status or verdict as a labelled badge (colour and text, never colour alone). */
export function badge(wireName) {
  if (wireName == null) {
    return h('span', { class: 'muted' }, '—');
  }
  return h('span', { class: `badge badge-${String(wireName).replace(/[^a-z_]/g, '')}` }, words(wireName));
}

/** A `<pre>` of program output, as text; an empty stream says so. */
export function output(text, label) {
  if (text == null || text === '') {
    return h('p', { class: 'muted empty-output' }, `No ${label}.`);
  }
  return h('pre', { class: 'output', tabindex: 0, 'aria-label': label }, text);
}

/** A short form of a server-made id (UUID) for tables; the full id stays in the title. */
export const shortId = (id) => (id && id.length > 13 ? id.slice(0, 8) : id);
