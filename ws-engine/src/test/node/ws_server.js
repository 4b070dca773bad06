// A node `ws` server for the client interop tests: the same paths as python_server.py.
// usage: node ws_server.js [--tls CERT KEY] [--deflate BITS]   -- prints "PORT <n>" once listening; stops when stdin closes.
'use strict';
const fs = require('fs');
const http = require('http');
const https = require('https');
const { WebSocketServer } = require('ws');

const args = process.argv.slice(2);
const tls = args.indexOf('--tls');
const server = tls >= 0
  ? https.createServer({ cert: fs.readFileSync(args[tls + 1]), key: fs.readFileSync(args[tls + 2]) })
  : http.createServer();

const deflate = args.indexOf('--deflate');
const wss = new WebSocketServer({
  server,
  maxPayload: 64 * 1024 * 1024,
  // --deflate BITS: permessage-deflate with windows of BITS both ways
  perMessageDeflate: deflate >= 0
    ? { threshold: 0, serverMaxWindowBits: Number(args[deflate + 1]), clientMaxWindowBits: Number(args[deflate + 1]) }
    : false,
  verifyClient: (info, done) => (info.req.url === '/reject' ? done(false, 403, 'no entry') : done(true)),
});

wss.on('connection', (ws, req) => {
  const path = req.url;
  const echo = () => ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
  if (path === '/echo') {
    echo();
  } else if (path === '/extensions') {
    ws.send(Object.keys(ws.extensions || {}).join(',') || String(req.headers['sec-websocket-extensions'] ? 'offered' : ''));
  } else if (path === '/fragments') {
    ws.send('frag', { fin: false });
    ws.send('men', { fin: false });
    ws.send('ted €', { fin: true });
    ws.send(Buffer.from([1, 2]), { binary: true, fin: false });
    ws.send(Buffer.from([3]), { binary: true, fin: true });
    echo();
  } else if (path === '/ping') {
    ws.on('pong', (data) => ws.send('pong:' + data.toString()));
    ws.ping('server ping');
    echo();
  } else if (path === '/close') {
    ws.once('message', () => ws.close(4001, 'bye'));
  } else if (path === '/big') {
    ws.send(Buffer.alloc(2048, 'x'), { binary: true });
    echo();
  }
});

server.listen(0, '127.0.0.1', () => console.log('PORT ' + server.address().port));
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
setTimeout(() => process.exit(0), 120000).unref();
