// The private room: a token from the main port, then JSON over the WebSocket port.
'use strict';

const $ = (id) => document.getElementById(id);
const room = new URLSearchParams(location.search).get('room') || 'lobby';
let ws = null;

function show(text, kind) {
  const li = document.createElement('li');
  li.textContent = text;
  li.className = kind;
  $('messages').appendChild(li);
}

async function connect() {
  const info = await (await fetch('/api/ws')).json();
  const { token } = await (await fetch('/api/ws-token')).json();
  const url = `ws://${location.hostname}:${info.port}/private/rooms/${encodeURIComponent(room)}`;
  $('status').textContent = `connecting to ${url} ...`;
  // browsers cannot set Authorization on a WebSocket: the token goes in the subprotocol, after "bearer"
  ws = new WebSocket(url, ['bearer', token]);
  ws.onopen = () => {
    $('status').textContent = `connected (subprotocol ${ws.protocol})`;
    $('text').disabled = $('send-button').disabled = false;
  };
  ws.onmessage = (e) => {
    const m = JSON.parse(e.data);
    if (m.room !== undefined) {
      $('user').textContent = m.user;
      $('room-name').textContent = m.room;
    } else {
      show(`${m.user}: ${m.text}`, 'message');
    }
  };
  ws.onclose = (e) => {
    $('text').disabled = $('send-button').disabled = true;
    $('status').textContent = `disconnected (code ${e.code}${e.reason ? ': ' + e.reason : ''})`;
    if (e.code === 1008) setTimeout(connect, 500); // the token expired: a fresh one, and on
  };
}

$('send').addEventListener('submit', (e) => {
  e.preventDefault();
  ws.send(JSON.stringify({ text: $('text').value }));
  $('text').value = '';
});

connect();
