// The chat page: asks this web server where the WebSocket server listens, then talks to it.
'use strict';

const $ = (id) => document.getElementById(id);
let ws = null;

function show(text, kind) {
  const li = document.createElement('li');
  li.textContent = text;
  li.className = kind;
  $('messages').appendChild(li);
  $('messages').scrollTop = $('messages').scrollHeight;
}

function setConnected(connected, status) {
  $('status').textContent = status;
  for (const id of ['text', 'send-button', 'binary-button', 'leave-button']) $(id).disabled = !connected;
  for (const id of ['name', 'room', 'join-button']) $(id).disabled = connected;
}

async function join(event) {
  event.preventDefault();
  const name = $('name').value.trim();
  const room = $('room').value.trim() || 'lobby';
  const info = await (await fetch('/api/ws')).json();
  const url = `ws://${location.hostname}:${info.port}/chat?name=${encodeURIComponent(name)}&room=${encodeURIComponent(room)}`;
  setConnected(false, `connecting to ${url} ...`);
  ws = new WebSocket(url);
  ws.binaryType = 'arraybuffer';
  ws.onopen = () => setConnected(true, `connected as ${name} in ${room} (${ws.extensions ? 'extensions: ' + ws.extensions : 'no extension'})`);
  ws.onmessage = (e) => {
    if (typeof e.data === 'string') {
      show(e.data, e.data.startsWith('* ') ? 'notice' : 'message');
    } else {
      const bytes = new Uint8Array(e.data);
      show(`binary echo: ${bytes.length} bytes [${Array.from(bytes).join(',')}]`, 'binary');
    }
  };
  ws.onclose = (e) => {
    show(`* disconnected (code ${e.code}${e.reason ? ': ' + e.reason : ''})`, e.code === 1000 ? 'notice' : 'error');
    setConnected(false, 'not connected');
    ws = null;
  };
}

function sendText(event) {
  event.preventDefault();
  const text = $('text').value;
  if (ws && text) {
    ws.send(text);
    $('text').value = '';
  }
}

function sendBinary() {
  if (ws) {
    ws.send(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]).buffer);
  }
}

$('join').addEventListener('submit', join);
$('send').addEventListener('submit', sendText);
$('binary-button').addEventListener('click', sendBinary);
$('leave-button').addEventListener('click', () => ws && ws.close(1000, 'bye'));
