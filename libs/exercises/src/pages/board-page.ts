/**
 * The facilitator board: a plain page for the projector. It reads the access token from the URL's
 * fragment (`#token=…`, never sent to the server in a request line or a log), loads the exercise
 * over GraphQL, joins the exercise's socket.io room and updates live. Everything it shows is what the
 * token's holder may see (a player's token shows that organisation's side only).
 */
export const BOARD_CSP =
  "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

export function renderBoardPage(exerciseId: string): string {
  const id = exerciseId.replace(/[^0-9a-fA-F-]/g, '');
  return `<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Renkei — 訓練ボード / Exercise board</title>
<style>
body{font-family:system-ui,-apple-system,"Hiragino Sans","Noto Sans JP",sans-serif;margin:0;background:#0f172a;color:#e2e8f0}
header{display:flex;align-items:center;gap:24px;padding:16px 24px;background:#1e293b;border-bottom:4px dashed #f59e0b}
h1{font-size:1.4rem;margin:0;flex:1}
.drill{background:#f59e0b;color:#111;font-weight:700;padding:4px 10px;border-radius:4px}
#clock{font-variant-numeric:tabular-nums;font-size:2.4rem;font-weight:700}
#status{font-size:1.1rem;padding:4px 10px;border-radius:4px;background:#334155}
#status[data-status=RUNNING]{background:#15803d}#status[data-status=PAUSED]{background:#b45309}
#status[data-status=FINISHED]{background:#1d4ed8}#status[data-status=CANCELLED]{background:#7f1d1d}
main{display:grid;grid-template-columns:2fr 1fr;gap:16px;padding:16px 24px}
section{background:#1e293b;border-radius:8px;padding:12px 16px}
h2{font-size:1rem;margin:0 0 8px;color:#94a3b8;text-transform:uppercase;letter-spacing:.05em}
table{border-collapse:collapse;width:100%}th,td{padding:6px 8px;border-bottom:1px solid #334155;text-align:left;font-size:.95rem}
td.cell{text-align:center}.ack{color:#4ade80;font-weight:700}.sent{color:#fbbf24}.failed{color:#f87171;font-weight:700}.none{color:#475569}
.inject-SENT{color:#e2e8f0}.inject-PENDING{color:#94a3b8}.inject-SKIPPED{color:#64748b;text-decoration:line-through}
#log{list-style:none;margin:0;padding:0;max-height:60vh;overflow:auto;font-size:.9rem}#log li{padding:4px 0;border-bottom:1px solid #334155}
#error{color:#f87171;padding:8px 24px}
</style>
</head>
<body data-exercise-id="${id}">
<header>
<span class="drill">訓練 / DRILL</span>
<h1 id="title">…</h1>
<span id="status" data-status="">…</span>
<span id="clock">T+00:00:00</span>
</header>
<div id="error" role="alert"></div>
<main>
<div>
<section><h2>Injects — 状況付与</h2><table id="injects"><thead><tr><th>#</th><th>T+</th><th>Inject</th><th>State</th></tr></thead><tbody></tbody></table></section>
<section style="margin-top:16px"><h2>Acknowledgements — 受領確認</h2><table id="matrix"><thead></thead><tbody></tbody></table></section>
</div>
<section><h2>Live — ライブ</h2><ul id="log"></ul></section>
</main>
<script src="/socket.io/socket.io.js"></script>
<script src="/exercises/board.js"></script>
</body>
</html>`;
}

/** The board's script (served from /exercises/board.js so the page's CSP needs no inline script). */
export const BOARD_SCRIPT = `(() => {
  'use strict';
  const exerciseId = document.body.dataset.exerciseId;
  const hash = new URLSearchParams(location.hash.slice(1));
  const token = hash.get('token') || sessionStorage.getItem('renkei.board.token');
  const $ = (id) => document.getElementById(id);
  const text = (value) => document.createTextNode(value == null ? '' : String(value));
  const el = (tag, attrs, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    for (const child of children) node.append(typeof child === 'string' ? text(child) : child);
    return node;
  };
  if (!token) { $('error').textContent = 'No token: open the board as /exercises/<id>/board#token=<access token>'; return; }
  sessionStorage.setItem('renkei.board.token', token);
  history.replaceState(null, '', location.pathname);
  // The clock runs from the last reading (the server's elapsed time) on this machine's own clock, so a
  // projector laptop whose clock is off by seconds still shows the right exercise time.
  let clock = null;
  // Who the token is: its organisation (from the socket's ready) and whether the server let it join
  // the staff room (facilitators, evaluators, observers, the promotion body) or its own side only.
  let me = { organisationId: null, staff: false };
  let names = new Map();
  const pad = (n) => String(n).padStart(2, '0');
  const fmt = (s) => { s = Math.max(0, Math.floor(s)); return 'T+' + pad(Math.floor(s / 3600)) + ':' + pad(Math.floor(s % 3600 / 60)) + ':' + pad(s % 60); };
  const tick = () => {
    if (!clock) return;
    let ms = clock.elapsedMs;
    if (clock.status === 'RUNNING') ms += (Date.now() - clock.readAt) * clock.speed;
    $('clock').textContent = fmt(ms / 1000);
  };
  setInterval(tick, 250);
  const QUERY = 'query Board($id: ID!) { exercise(id: $id) { id title status speed clockSeconds startedAt myRole ' +
    'participants { organisationId organisationNameJa organisationNameEn role } ' +
    'injects { id key sequence offsetSeconds titleJa titleEn state sentAt recipientOrganisationIds ' +
    'acknowledgements { organisationId firstAlertedAt acknowledgedAt acknowledgedBy deliveredAlerts failedAlerts } } } }';
  let pending = null;
  const load = async () => {
    const response = await fetch('/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token }, body: JSON.stringify({ query: QUERY, variables: { id: exerciseId } }) });
    const body = await response.json();
    if (body.errors) { $('error').textContent = body.errors.map((e) => e.message).join('; '); return; }
    $('error').textContent = '';
    render(body.data.exercise);
  };
  const refresh = () => { if (pending) return; pending = setTimeout(() => { pending = null; load().catch((e) => { $('error').textContent = String(e); }); }, 200); };
  const render = (exercise) => {
    $('title').textContent = exercise.title;
    $('status').textContent = exercise.status;
    $('status').dataset.status = exercise.status;
    if (!clock || clock.status !== exercise.status) {
      clock = { status: exercise.status, speed: exercise.speed, elapsedMs: exercise.clockSeconds * 1000, readAt: Date.now() };
    }
    tick();
    const tbody = $('injects').tBodies[0];
    tbody.replaceChildren(...exercise.injects.map((inject) => el('tr', { class: 'inject-' + inject.state, 'data-inject': inject.key },
      el('td', {}, String(inject.sequence)), el('td', {}, fmt(inject.offsetSeconds)), el('td', {}, inject.titleJa + ' / ' + inject.titleEn), el('td', { class: 'state' }, inject.state))));
    names = new Map(exercise.participants.map((p) => [p.organisationId, p.organisationNameJa]));
    // A player's board is its own side: its own row only (the others' cells would read as unknown).
    const players = exercise.participants.filter((p) => p.role === 'PLAYER' && (me.staff || p.organisationId === me.organisationId));
    const sent = exercise.injects.filter((i) => i.state === 'SENT');
    $('matrix').tHead.replaceChildren(el('tr', {}, el('th', {}, 'Organisation'), ...sent.map((i) => el('th', {}, '#' + i.sequence))));
    $('matrix').tBodies[0].replaceChildren(...players.map((p) => el('tr', { 'data-organisation': p.organisationId }, el('td', {}, p.organisationNameJa),
      ...sent.map((inject) => {
        const a = inject.acknowledgements.find((x) => x.organisationId === p.organisationId);
        if (!inject.recipientOrganisationIds.includes(p.organisationId)) return el('td', { class: 'cell none' }, '—');
        if (!a) return el('td', { class: 'cell sent' }, '…');
        if (a.acknowledgedAt) {
          const seconds = Math.round((Date.parse(a.acknowledgedAt) - Date.parse(a.firstAlertedAt)) / 1000);
          return el('td', { class: 'cell ack', title: a.acknowledgedBy || '' }, '✓ ' + seconds + 's');
        }
        if (a.failedAlerts && !a.deliveredAlerts) return el('td', { class: 'cell failed' }, '✗');
        return el('td', { class: 'cell sent' }, a.deliveredAlerts ? 'received' : 'alerted');
      }))));
  };
  const log = (message) => { $('log').prepend(el('li', {}, new Date().toLocaleTimeString('ja-JP') + ' ' + message)); };
  const socket = io({ path: '/socket.io', auth: { token }, transports: ['websocket'] });
  // Join once the server has authenticated the socket ('ready', after every (re)connection): a join
  // sent on 'connect' can arrive before the handshake's token is checked and be refused.
  socket.on('ready', (ready) => socket.emit('join', { kind: 'exercise', id: exerciseId }, (reply) => {
    if (!reply || !reply.ok) { $('error').textContent = 'Cannot join the exercise: ' + (reply && reply.error); return; }
    me = { organisationId: ready.organisationId, staff: reply.rooms.includes('exercise:' + exerciseId + ':staff') };
    load().catch((e) => { $('error').textContent = String(e); });
  }));
  socket.on('error', (error) => { $('error').textContent = 'Live connection: ' + ((error && error.message) || error); });
  socket.on('exercise.event', (event) => {
    if (event.exerciseId !== exerciseId) return;
    const d = event.data || {};
    if (d.status && ['exercise.started', 'exercise.paused', 'exercise.resumed', 'exercise.jumped', 'exercise.finished', 'exercise.cancelled'].includes(event.kind)) {
      // elapsedMs is the clock when the segment started, a moment ago.
      clock = { status: d.status, speed: d.speed, elapsedMs: d.elapsedMs, readAt: Date.now() };
      tick();
    }
    if (d.message) log(d.message);
    else if (event.kind === 'delivery') log('#' + d.sequence + ' ' + (names.get(d.organisationId) || '') + ' ' + d.state + ' (' + (d.channel || '') + ')');
    else if (event.kind === 'acknowledged') log('#' + d.sequence + ' ' + (names.get(d.organisationId) || '') + ' acknowledged by ' + (d.acknowledgedBy || ''));
    refresh();
  });
  socket.on('connect_error', (error) => { $('error').textContent = 'Live connection: ' + error.message; });
})();
`;
