// A node `ws` client with permessage-deflate, checking a wsboot server's compression.
// usage: node ws_client.js URL   -- prints "PASS <check>" per check and "DONE"; exit 1 on failure
'use strict';
const WebSocket = require('ws');

function check(name, ok, detail) {
  if (!ok) {
    console.log(`FAIL ${name} ${detail || ''}`);
    process.exit(1);
  }
  console.log(`PASS ${name}`);
}

const ws = new WebSocket(process.argv[2], {
  perMessageDeflate: { threshold: 0, clientMaxWindowBits: 10, serverMaxWindowBits: 10 },
  maxPayload: 64 * 1024 * 1024,
});
const text = Array.from({ length: 20000 }, (_, i) => `{"id":${i},"name":"user${i % 97}","ok":true},`).join('');
// compressible a few times over, like real data (a repeated pattern would pass the server's
// max-inflate-ratio, which bounds how much a message may inflate)
let seed = 7;
const binary = Buffer.from(Array.from({ length: 100000 }, () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return 97 + (seed >> 16) % 16; }));
const expected = [text, binary];
let answer = '';
ws.on('upgrade', (res) => { answer = res.headers['sec-websocket-extensions'] || ''; });
ws.on('open', () => {
  check('compression negotiated', /permessage-deflate/.test(ws.extensions), ws.extensions);
  // node inflates with the 10-bit window it asked for: a longer match would fail the echo
  check('server window agreed', /server_max_window_bits=10/.test(answer), answer);
  ws.send(text);
  ws.send(binary);
});
ws.on('message', (data, isBinary) => {
  const want = expected.shift();
  if (typeof want === 'string') {
    check('compressed text echo', !isBinary && data.toString() === want);
  } else {
    check('compressed binary echo', isBinary && Buffer.compare(data, want) === 0);
    ws.close(1000, 'done');
  }
});
ws.on('close', (code) => {
  check('closed normally', code === 1000, String(code));
  console.log('DONE');
  process.exit(0);
});
ws.on('error', (e) => check('no error', false, e.message));
setTimeout(() => check('in time', false), 20000);
