#!/usr/bin/env python3
"""Keeps HTTP/1.1 keep-alive connections busy with AdmissionReviews, each with its own uid,
sends SIGTERM to the server part-way, and records what happened to every request.

    python3 bench/drain-client.py PORT HEALTH_PORT BODY CA SERVER_PID [CONNECTIONS] [SIGTERM_AFTER_S] > result.json

Writes JSON: uids answered (complete 200 responses), uids sent but never answered, connections
refused after SIGTERM, and timing. Like kube-apiserver behind a Service, the client stops
opening new connections once the pod would have left the endpoints: one second after /readyz
first answers 503 (Kubernetes' endpoint propagation). Until then it reconnects whenever a
connection closes.
"""
import asyncio
import json
import os
import signal
import ssl
import sys
import time

port, health_port, body_path, ca, server_pid = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5])
connections = int(sys.argv[6]) if len(sys.argv) > 6 else 16
sigterm_after = float(sys.argv[7]) if len(sys.argv) > 7 else 3.0
PROPAGATION = 1.0
template = open(body_path, "rb").read()
old_uid = json.loads(template)["request"]["uid"].encode()

answered, unanswered, refused, errors = [], [], 0, []
stopping = asyncio.Event()
removed = asyncio.Event()
sigterm_at = None


async def watch_readiness():
    """Sets `removed` one propagation delay after /readyz first fails."""
    while True:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", health_port)
            writer.write(b"GET /readyz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            status = (await reader.readline()).split()
            writer.close()
            ready = len(status) > 1 and status[1] == b"200"
        except OSError:
            ready = False
        if not ready:
            await asyncio.sleep(PROPAGATION)
            removed.set()
            return
        await asyncio.sleep(0.05)


async def worker(n):
    global refused
    context = ssl.create_default_context(cafile=ca)
    seq = 0
    while True:
        if removed.is_set():
            return  # out of the endpoints: no new connections to this pod
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port, ssl=context, server_hostname="localhost")
        except OSError:
            if stopping.is_set():
                refused += 1
                return
            raise
        while True:
            seq += 1
            uid = f"drain-{n}-{seq}"
            body = template.replace(old_uid, uid.encode())
            head = (f"POST /validate?timeout=10s HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    f"Content-Length: {len(body)}\r\n\r\n").encode()
            try:
                writer.write(head + body)
                await writer.drain()
                status_line = await reader.readline()
                if not status_line:
                    unanswered.append({"uid": uid, "after_sigterm": stopping.is_set()})
                    break
                headers = {}
                while True:
                    line = await reader.readline()
                    if line in (b"\r\n", b""):
                        break
                    k, _, v = line.decode().partition(":")
                    headers[k.strip().lower()] = v.strip()
                data = await reader.readexactly(int(headers.get("content-length", "0")))
                status = int(status_line.split()[1])
                if status == 200 and uid.encode() in data:
                    answered.append(uid)
                else:
                    errors.append({"uid": uid, "status": status})
                if headers.get("connection", "").lower() == "close":
                    break
            except (ConnectionError, asyncio.IncompleteReadError, ssl.SSLError) as e:
                unanswered.append({"uid": uid, "after_sigterm": stopping.is_set(), "error": type(e).__name__})
                break
        writer.close()
        if stopping.is_set():
            # The server is going away: a new connection is refused (counted above) or, if the
            # listener has not closed yet, served.
            continue


async def main():
    global sigterm_at
    start = time.monotonic()
    tasks = [asyncio.create_task(worker(i)) for i in range(connections)]
    await asyncio.sleep(sigterm_after)
    stopping.set()
    sigterm_at = time.monotonic() - start
    os.kill(server_pid, signal.SIGTERM)
    asyncio.create_task(watch_readiness())
    done, pending = await asyncio.wait(tasks, timeout=40)
    for t in pending:
        t.cancel()
    for t in done:
        if t.exception():
            errors.append({"exception": repr(t.exception())})
    json.dump({"answered": answered, "unanswered": unanswered, "refused_connections": refused, "errors": errors,
               "sigterm_at_s": sigterm_at, "finished_at_s": time.monotonic() - start, "stuck_workers": len(pending)},
              sys.stdout)


asyncio.run(main())
