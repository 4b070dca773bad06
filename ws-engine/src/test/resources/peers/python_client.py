"""Interop checks of the wsboot server with Debian's python3-websockets (asyncio API, 10.x+).

usage: python_client.py PORT SMALL_PORT   -- SMALL_PORT: a server with max-size 1024 on /small; prints "PASS <check>" per check, exits 1 on the first failure
"""
import asyncio
import os
import sys

import websockets

PORT = int(sys.argv[1])
BASE = f"ws://127.0.0.1:{PORT}"
SMALL = f"ws://127.0.0.1:{int(sys.argv[2])}"


def check(name, cond, detail=""):
    if not cond:
        print(f"FAIL {name} {detail}", flush=True)
        sys.exit(1)
    print(f"PASS {name}", flush=True)


async def echo_sizes():
    async with websockets.connect(BASE + "/echo", max_size=None) as ws:
        for n in (0, 125, 126, 65535, 65536, 1 << 20):
            text = "".join(chr(ord("a") + i % 26) for i in range(n))
            await ws.send(text)
            got = await ws.recv()
            check(f"text echo {n}", got == text, f"got {len(got)} chars")
            data = os.urandom(n)
            await ws.send(data)
            got = await ws.recv()
            check(f"binary echo {n}", got == data, f"got {len(got)} bytes")


async def compression():
    # websockets offers permessage-deflate by default: the server must accept it and round-trip big text
    async with websockets.connect(BASE + "/echo", max_size=None) as ws:
        names = [e.name for e in ws.extensions]
        check("compression negotiated", names == ["permessage-deflate"], str(names))
        text = "".join('{"id":%d,"name":"user%d","ok":true},' % (i, i % 97) for i in range(20000))
        await ws.send(text)
        check("compressed text echo", await ws.recv() == text)
        data = bytes(range(256)) * 400
        await ws.send(data)
        check("compressed binary echo", await ws.recv() == data)


async def fragmented():
    async with websockets.connect(BASE + "/echo") as ws:
        await ws.send(["frag", "men", "ted €"])  # an iterable is sent as fragments
        check("fragmented text", await ws.recv() == "fragmented €")
        await ws.send([b"\x01", b"\x02\x03"])
        check("fragmented binary", await ws.recv() == b"\x01\x02\x03")


async def pings():
    async with websockets.connect(BASE + "/echo") as ws:
        waiter = await ws.ping(b"client ping")
        await asyncio.wait_for(waiter, 5)
        check("client ping answered", True)
    async with websockets.connect(BASE + "/pinger") as ws:
        # the server pings on open; websockets answers; the handler reports the pong it got
        got = await asyncio.wait_for(ws.recv(), 5)
        check("server ping answered", got == "pong:server ping", got)


async def close_both_ways():
    ws = await websockets.connect(BASE + "/echo")
    await ws.close(1000, "bye")
    check("client close answered", ws.close_code == 1000, str(ws.close_code))
    ws = await websockets.connect(BASE + "/closer")
    await ws.send("please")
    await asyncio.wait_for(ws.wait_closed(), 5)
    check("server close", ws.close_code == 4001 and ws.close_reason == "closing", f"{ws.close_code} {ws.close_reason}")


async def rejection():
    try:
        async with websockets.connect(BASE + "/gate"):
            check("rejected handshake", False, "connected")
    except websockets.exceptions.InvalidStatusCode as e:
        check("rejected handshake", e.status_code == 403, str(e.status_code))
    async with websockets.connect(BASE + "/gate?token=secret") as ws:
        await ws.send("in")
        check("accepted handshake", await ws.recv() == "in")
    try:
        async with websockets.connect(BASE + "/nowhere"):
            check("unknown path", False, "connected")
    except websockets.exceptions.InvalidStatusCode as e:
        check("unknown path", e.status_code == 404, str(e.status_code))


async def too_big():
    async with websockets.connect(SMALL + "/small", max_size=None) as ws:
        await ws.send(b"x" * 1024)
        check("max-size message", len(await ws.recv()) == 1024)
        await ws.send(b"x" * 1025)
        await asyncio.wait_for(ws.wait_closed(), 5)
        check("over max-size is 1009", ws.close_code == 1009, str(ws.close_code))


async def subprotocol():
    async with websockets.connect(BASE + "/chat", subprotocols=["v1.chat", "v2.chat"]) as ws:
        check("subprotocol", ws.subprotocol == "v2.chat", str(ws.subprotocol))


async def main():
    for step in (echo_sizes, compression, fragmented, pings, close_both_ways, rejection, too_big, subprotocol):
        await step()
    print("DONE", flush=True)


asyncio.run(main())
