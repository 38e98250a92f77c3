/* global document, window, fetch, Node */
// Shared by the console's pages. Every value from the server goes into the page as text
// (textContent), never as markup.

/** An element with text children and attributes; children that are nodes are appended as they are. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) node.append(child instanceof Node ? child : document.createTextNode(String(child ?? '')));
  return node;
}

/** A time the reader's way, to the second; the ISO text stays in the `datetime` attribute. */
export function time(iso) {
  const date = new Date(iso);
  return el('time', { datetime: iso }, Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { hour12: false }));
}

export async function getJson(url, options = {}) {
  const response = await fetch(url, { credentials: 'same-origin', ...options });
  if (response.status === 401) {
    window.location.assign('/login');
    throw new Error('Not logged in');
  }
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.error || `HTTP ${response.status}`);
  return body;
}
