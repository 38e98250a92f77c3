/* global document, FormData, URLSearchParams, setInterval */
// Operations: lag per partition and replica (polled every 2 s) and the dead letters, with
// replay of a selection after a confirmation. State-changing requests carry the session's
// CSRF token in a header.
import { el, getJson, time } from './common.js';

const POLL_MS = 2_000;
const status = document.getElementById('status');
const problem = document.getElementById('problem');
const dltStatus = document.getElementById('dlt-status');
const replayButton = document.getElementById('replay');
const dialog = document.getElementById('confirm');
const filter = document.getElementById('dlt-filter');
let csrfToken = null;
const selected = new Set();

function fill(tableId, rows) {
  document.querySelector(`#${tableId} tbody`).replaceChildren(...rows);
}

function cell(value, numeric = false) {
  return el('td', numeric ? { class: 'num' } : {}, value);
}

function rate(value) {
  return value === null ? '–' : value.toFixed(1);
}

async function refresh() {
  try {
    const view = await getJson('/api/operations');
    document.getElementById('topic').textContent = view.topic;
    document.getElementById('group').textContent = view.group;
    document.getElementById('total-lag').textContent = view.totalLag;
    fill(
      'partitions',
      view.partitions.map((row) =>
        el(
          'tr',
          { 'data-partition': row.partition },
          el('th', { scope: 'row' }, row.partition),
          el(
            'td',
            row.owner ? { class: 'nowrap', title: `${row.owner.clientId} ${row.owner.memberId} on ${row.owner.host}` } : {},
            row.owner ? `…${row.owner.memberId.slice(-8)}` : 'none',
          ),
          cell(row.committed ?? '–', true),
          cell(row.end, true),
          el('td', { class: `num${Number(row.waiting) > 0 ? ' behind' : ''}`, 'data-lag': row.waiting }, row.waiting),
        ),
      ),
    );
    fill(
      'members',
      view.members.map((member) =>
        el(
          'tr',
          {},
          el('th', { scope: 'row' }, `${member.clientId} …${member.memberId.slice(-8)}`),
          cell(member.host),
          cell(member.partitions.join(', ')),
          cell(member.lag, true),
          cell(rate(member.recordsPerSecond), true),
        ),
      ),
    );
    if (view.members.length === 0) fill('members', [el('tr', {}, el('td', { colspan: 5 }, 'No listener is in the group.'))]);
    document.getElementById('replicas-block').hidden = view.replicas.length === 0;
    fill(
      'replicas',
      view.replicas.map((replica) =>
        el(
          'tr',
          {},
          el('th', { scope: 'row' }, replica.url),
          cell(replica.up ? 'up' : `down: ${replica.error}`),
          cell(replica.assigned, true),
          cell(replica.handled, true),
          cell(replica.lag, true),
          cell(rate(replica.recordsPerSecond), true),
        ),
      ),
    );
    status.replaceChildren('Updated ', time(view.at), '.');
    problem.hidden = true;
  } catch (error) {
    problem.textContent = `Could not read the figures: ${error.message}`;
    problem.hidden = false;
  }
}

/** A datetime-local value is the reader's local time; the API wants ISO 8601 with a zone. */
function isoOrNothing(value) {
  return value ? new Date(value).toISOString() : '';
}

async function loadLetters() {
  const form = new FormData(filter);
  const query = new URLSearchParams();
  if (form.get('reason')) query.set('reason', form.get('reason'));
  if (form.get('since')) query.set('since', isoOrNothing(form.get('since')));
  if (form.get('until')) query.set('until', isoOrNothing(form.get('until')));
  try {
    const { letters, unread } = await getJson(`/api/dead-letters?${query}`);
    selected.clear();
    updateReplayButton();
    const reasons = new Set();
    fill(
      'letters',
      letters.map((letter) => {
        if (letter.reason) reasons.add(letter.reason);
        const id = `${letter.partition}:${letter.offset}`;
        const box = el('input', {
          type: 'checkbox',
          'aria-label': `Select letter ${id}`,
          disabled: letter.replayed || !letter.replayable,
        });
        box.addEventListener('change', () => {
          if (box.checked) selected.add(id);
          else selected.delete(id);
          updateReplayButton();
        });
        const from = letter.original;
        return el(
          'tr',
          { 'data-letter': id, 'data-reason': letter.reason ?? '' },
          el('td', {}, box),
          el('td', {}, time(letter.timestamp)),
          cell(letter.reason ?? '–'),
          cell(letter.attempts ?? '–', true),
          cell(`${from.topic ?? '?'} [${from.partition ?? '?'}] @ ${from.offset ?? '?'}`),
          cell(letter.order ? `${letter.order.deliveryName} (${letter.order.orderId.slice(0, 8)}…)` : '–'),
          el('td', { class: 'error-text' }, letter.error ?? ''),
          cell(letter.replayable ? (letter.replayed ? 'replayed' : 'waiting') : 'not replayable'),
        );
      }),
    );
    document.getElementById('reasons').replaceChildren(...[...reasons].sort().map((reason) => el('option', { value: reason })));
    dltStatus.textContent =
      `${letters.length} dead letter(s) shown.` +
      (unread > 0 ? ` ${unread} older letter(s) were not read; \`npm run dlt -- list\` reads the whole DLT.` : '');
  } catch (error) {
    dltStatus.textContent = `Could not read the dead letters: ${error.message}`;
  }
}

function updateReplayButton() {
  replayButton.disabled = selected.size === 0;
  replayButton.textContent = selected.size === 0 ? 'Replay selected' : `Replay ${selected.size} selected`;
}

replayButton.addEventListener('click', () => {
  document.getElementById('confirm-text').textContent =
    `Send ${selected.size} letter(s) back to their original topic? Replay only once the cause is fixed: a letter that fails again returns to the DLT.`;
  dialog.showModal();
});

dialog.addEventListener('close', async () => {
  if (dialog.returnValue !== 'replay') return;
  const letters = [...selected].map((id) => {
    const [partition, offset] = id.split(':');
    return { partition: Number(partition), offset };
  });
  try {
    const report = await getJson('/api/dead-letters/replay', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken ?? '' },
      body: JSON.stringify({ letters }),
    });
    await loadLetters();
    dltStatus.textContent =
      `Replayed ${report.replayed} letter(s).` +
      (report.unreadable > 0
        ? ` ${report.unreadable} of them could not be read by the listener: they come back unless it or their producer changed.`
        : '');
  } catch (error) {
    dltStatus.textContent = `The replay failed: ${error.message}`;
  }
});

filter.addEventListener('submit', (event) => {
  event.preventDefault();
  void loadLetters();
});

async function start() {
  try {
    ({ csrfToken } = await getJson('/api/session'));
  } catch (error) {
    problem.textContent = error.message;
    problem.hidden = false;
    return;
  }
  await refresh();
  setInterval(() => void refresh(), POLL_MS);
  await loadLetters();
}

void start();
