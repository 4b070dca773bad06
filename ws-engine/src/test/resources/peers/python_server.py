"""A python3-websockets server for the client interop tests.

usage: python_server.py [--tls CERT KEY] [--tls12] [--window BITS]   -- prints "PORT <n>" once listening; stops
when stdin closes (the test ends) or after 120 s.

paths: /echo (echo), /fragments (a text sent as 3 fragments, then a binary as 2),
/ping (pings the client, then reports "pong:<payload>" when the pong arrives),
/close (closes with 4001 "bye" on the first message), /reject (HTTP 403), /big (sends 2048 bytes).
"""
import asyncio
import http
import ssl
import sys

import websockets
from websockets.extensions.permessage_deflate import ServerPerMessageDeflateFactory


async def handler(ws, path=None):
    path = getattr(ws, "path", path)
    if path == "/echo":
        async for message in ws:
            await ws.send(message)
    elif path == "/extensions":
        await ws.send(",".join(e.name for e in ws.extensions))
    elif path == "/fragments":
        await ws.send(["frag", "men", "ted €"])
        await ws.send([b"\x01\x02", b"\x03"])
        async for message in ws:
            await ws.send(message)
    elif path == "/ping":
        waiter = await ws.ping(b"server ping")
        await asyncio.wait_for(waiter, 5)
        await ws.send("pong:server ping")
        async for message in ws:
            await ws.send(message)
    elif path == "/close":
        await ws.recv()
        await ws.close(4001, "bye")
    elif path == "/big":
        await ws.send(b"x" * 2048)
        async for message in ws:
            await ws.send(message)


async def process_request(path, headers):
    if path == "/reject":
        return http.HTTPStatus.FORBIDDEN, [("Content-Type", "text/plain")], b"no entry\n"
    return None


async def main():
    ctx = None
    if "--tls" in sys.argv:
        i = sys.argv.index("--tls")
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(sys.argv[i + 1], sys.argv[i + 2])
        if "--tls12" in sys.argv:
            ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    extensions = None
    if "--window" in sys.argv:
        # compression with small windows both ways: what the client sends must fit them
        bits = int(sys.argv[sys.argv.index("--window") + 1])
        extensions = [ServerPerMessageDeflateFactory(server_max_window_bits=bits, client_max_window_bits=bits)]
    server = await websockets.serve(handler, "127.0.0.1", 0, ssl=ctx, process_request=process_request,
                                    max_size=None, ping_interval=None, extensions=extensions)
    print("PORT", server.sockets[0].getsockname()[1], flush=True)
    loop = asyncio.get_running_loop()
    stdin_closed = loop.run_in_executor(None, sys.stdin.read)
    await asyncio.wait([stdin_closed], timeout=120)
    server.close()


asyncio.run(main())
