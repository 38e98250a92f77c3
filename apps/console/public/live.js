/* global document, fetch, EventSource */
// Live orders: the last orders at load, then each new one as the server sends it (SSE).
import { el, time } from './common.js';

const list = document.getElementById('orders');
const status = document.getElementById('status');
const empty = document.getElementById('empty');
const MAX_SHOWN = 200;
const shown = new Set();

function render(view) {
  const key = `${view.partition}:${view.offset}`;
  if (shown.has(key)) return;
  shown.add(key);
  const where = el('p', { class: 'meta' }, 'Partition ', view.partition, ' · offset ', view.offset, ' · ', time(view.timestamp));
  let item;
  if (view.order) {
    const { order } = view;
    item = el(
      'li',
      { class: 'order', 'data-order-id': order.orderId },
      el('h2', {}, order.deliveryName),
      el('p', { class: 'city' }, order.deliveryCity),
      el(
        'ul',
        { class: 'tacos', 'aria-label': 'Tacos' },
        order.tacos.map((taco) => el('li', {}, el('strong', {}, taco.name), ': ', taco.ingredients.join(', '))),
      ),
      where,
      el('p', { class: 'meta' }, 'Order ', el('code', {}, order.orderId)),
    );
  } else {
    item = el('li', { class: 'order poison' }, el('h2', {}, 'Unreadable record'), el('p', {}, 'Reason: ', view.poison), where);
  }
  item.dataset.key = key;
  list.prepend(item);
  empty.hidden = true;
  // Forgotten with its item: a kitchen screen stays open for days.
  while (list.children.length > MAX_SHOWN) {
    shown.delete(list.lastElementChild.dataset.key);
    list.lastElementChild.remove();
  }
}

async function loadRecent() {
  try {
    const response = await fetch('/api/orders');
    const { orders } = await response.json();
    for (const view of orders) render(view);
  } catch {
    status.textContent = 'Could not load the last orders.';
  }
}

async function start() {
  await loadRecent();
  const events = new EventSource('/api/orders/stream');
  let lost = false;
  events.addEventListener('open', () => {
    status.textContent = 'Live: new orders appear as they are placed.';
    // Orders placed while the stream was down come with the recent ones; those shown are skipped.
    if (lost) void loadRecent();
    lost = false;
  });
  events.addEventListener('error', () => {
    lost = true;
    status.textContent = 'Connection lost; reconnecting…';
  });
  events.addEventListener('order', (event) => render(JSON.parse(event.data)));
}

void start();
