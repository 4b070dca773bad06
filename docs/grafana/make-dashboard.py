#!/usr/bin/env python3
"""Writes docs/grafana/wsboot.json: a Grafana dashboard for the ws.server.* and ws.client.* meters
as Micrometer's Prometheus registry names them (dots to underscores, counters with _total, base
units as suffixes). Edit this file, not the JSON; run it to regenerate. The sample's
GrafanaDashboardTest checks that every series the dashboard queries is one the application
exports."""
import json
import os

panels = []
_id = [0]


def panel(title, exprs, unit="short", kind="timeseries", w=8, h=8, legend=None, desc=""):
    _id[0] += 1
    x = ((len([p for p in panels if p.get("type") != "row"]) * w) % 24) if kind != "row" else 0
    targets = [{"expr": e, "legendFormat": (legend[i] if legend else ""), "refId": chr(65 + i),
                "datasource": {"type": "prometheus", "uid": "${datasource}"}} for i, e in enumerate(exprs)]
    p = {"id": _id[0], "type": kind, "title": title, "description": desc,
         "datasource": {"type": "prometheus", "uid": "${datasource}"},
         "gridPos": {"h": h, "w": w, "x": x, "y": 0}, "targets": targets,
         "fieldConfig": {"defaults": {"unit": unit}, "overrides": []}, "options": {}}
    if kind == "stat":
        p["options"] = {"reduceOptions": {"calcs": ["lastNotNull"]}, "colorMode": "value"}
    panels.append(p)


def row(title):
    _id[0] += 1
    panels.append({"id": _id[0], "type": "row", "title": title, "collapsed": False,
                   "gridPos": {"h": 1, "w": 24, "x": 0, "y": 0}, "panels": []})


S = '{job=~"$job", instance=~"$instance"}'
P = '{job=~"$job", instance=~"$instance", path=~"$path"}'

row("Server: connections")
panel("Open connections", [f'sum by (path) (ws_server_connections_active{P})'], legend=["{{path}}"], kind="stat", w=6)
panel("Connections opened / s", [f'sum by (path) (rate(ws_server_connections_opened_total{P}[$__rate_interval]))'], "ops", legend=["{{path}}"], w=6)
panel("Connections closed / s, by close code", [f'sum by (code) (rate(ws_server_connections_closed_total{P}[$__rate_interval]))'], "ops",
      legend=["{{code}}"], w=6, desc="1000 normal, 1001 going away (shutdown, idle), 1006 without a close frame, 1008 policy (slow consumer, token expired), 1009 too big, 1011 handler error")
panel("Handshake time, mean", [f'sum(rate(ws_server_handshake_duration_seconds_sum{P}[$__rate_interval])) / sum(rate(ws_server_handshake_duration_seconds_count{P}[$__rate_interval]))'], "s", w=6)
panel("Handshakes refused / s, by reason", [f'sum by (reason, status) (rate(ws_server_handshakes_rejected_total{S}[$__rate_interval]))'], "ops",
      legend=["{{reason}} {{status}}"], w=8, desc="unauthenticated 401 and forbidden 403 come from Spring Security at the handshake; too_many_* from the limits")
panel("Handshakes in progress", [f'sum(ws_server_handshakes_active{S})'], w=8)
panel("Limits tripped / s", [f'sum by (limit) (rate(ws_server_limits_total{P}[$__rate_interval]))'], "ops", legend=["{{limit}}"], w=8)

row("Server: traffic")
panel("Messages received / s", [f'sum by (path, type) (rate(ws_server_messages_received_total{P}[$__rate_interval]))'], "ops", legend=["{{path}} {{type}}"])
panel("Messages sent / s", [f'sum by (path, type) (rate(ws_server_messages_sent_total{P}[$__rate_interval]))'], "ops", legend=["{{path}} {{type}}"])
panel("Bytes in and out / s", [f'sum(rate(ws_server_data_received_bytes_total{P}[$__rate_interval]))',
                               f'sum(rate(ws_server_data_sent_bytes_total{P}[$__rate_interval]))'], "Bps", legend=["received", "sent"])
# ws.server.message.size is read from the engine's counts (a custom meter): Prometheus gets its
# COUNT as ..._bytes_total and its TOTAL as ..._bytes_sum_total
panel("Message size, mean and largest", [f'sum(rate(ws_server_message_size_bytes_sum_total{P}[$__rate_interval])) / sum(rate(ws_server_message_size_bytes_total{P}[$__rate_interval]))',
                                         f'max(ws_server_message_size_bytes_max{P})'], "bytes", legend=["mean", "largest"])
panel("Handler errors / s", [f'sum by (path, exception) (rate(ws_server_handler_errors_total{P}[$__rate_interval]))'], "ops", legend=["{{path}} {{exception}}"])
panel("Event loops dead", [f'sum(ws_server_loops_dead{S})'], kind="stat", desc="any value above 0 means a loop ended: health is DOWN")

row("Server: memory")
panel("Buffered bytes against the budget", [f'sum(ws_server_memory_buffered_bytes{S})', f'sum(ws_server_memory_limit_bytes{S})'], "bytes",
      legend=["buffered", "max-buffered-bytes"], w=12)
panel("Pooled buffers lent", [f'sum by (pool) (ws_server_buffers_borrowed{S})'], legend=["{{pool}}"], w=12)

row("Topics")
panel("Topics and subscriptions", [f'sum(ws_server_topics{S})', f'sum(ws_server_topics_subscriptions{S})'], legend=["topics", "subscriptions"])
panel("Publishes, deliveries, drops / s", [f'sum(rate(ws_server_topics_publishes_total{S}[$__rate_interval]))',
                                           f'sum(rate(ws_server_topics_deliveries_total{S}[$__rate_interval]))',
                                           f'sum(rate(ws_server_topics_drops_total{S}[$__rate_interval]))'], "ops", legend=["publishes", "deliveries", "drops"])
panel("Redis relay (ws.broker=redis)", [f'sum(rate(ws_server_topics_relay_sent_total{S}[$__rate_interval]))',
                                        f'sum(rate(ws_server_topics_relay_received_total{S}[$__rate_interval]))',
                                        f'sum(rate(ws_server_topics_relay_failed_total{S}[$__rate_interval]))',
                                        f'min(ws_server_topics_relay_up{S})'], "ops", legend=["sent", "received", "failed", "up"])

row("Client (ws.client.*)")
panel("Client connections", [f'sum(ws_client_connections_active{S})'], kind="stat", w=6)
panel("Client handshakes failed / s", [f'sum(rate(ws_client_handshakes_failed_total{S}[$__rate_interval]))'], "ops", w=6)
panel("Client messages / s", [f'sum(rate(ws_client_messages_received_total{S}[$__rate_interval]))',
                              f'sum(rate(ws_client_messages_sent_total{S}[$__rate_interval]))'], "ops", legend=["received", "sent"], w=6)
panel("Client bytes / s", [f'sum(rate(ws_client_data_received_bytes_total{S}[$__rate_interval]))',
                           f'sum(rate(ws_client_data_sent_bytes_total{S}[$__rate_interval]))'], "Bps", legend=["received", "sent"], w=6)

# lay out: rows take a line; panels flow left to right
y = 0
x = 0
rowh = 0
for p in panels:
    g = p["gridPos"]
    if p["type"] == "row":
        if x:
            y += rowh
        g.update(x=0, y=y)
        y += 1
        x = 0
        rowh = 0
        continue
    if x + g["w"] > 24:
        y += rowh
        x = 0
        rowh = 0
    g.update(x=x, y=y)
    x += g["w"]
    rowh = max(rowh, g["h"])


def var(name, query, label, include_all=True):
    return {"name": name, "label": label, "type": "query", "datasource": {"type": "prometheus", "uid": "${datasource}"},
            "query": {"query": query, "refId": name}, "definition": query, "refresh": 2, "includeAll": include_all,
            "multi": True, "current": {"selected": True, "text": "All", "value": "$__all"}, "allValue": ".*"}


dashboard = {
    "title": "wsboot WebSocket server",
    "uid": "wsboot",
    "tags": ["wsboot", "websocket", "micrometer"],
    "timezone": "browser",
    "schemaVersion": 39,
    "version": 1,
    "refresh": "10s",
    "time": {"from": "now-1h", "to": "now"},
    "description": "The ws.server.* and ws.client.* meters of wsboot (Micrometer, Prometheus registry).",
    "templating": {"list": [
        {"name": "datasource", "label": "Prometheus", "type": "datasource", "query": "prometheus", "current": {}},
        var("job", "label_values(ws_server_connections_active, job)", "job"),
        var("instance", 'label_values(ws_server_connections_active{job=~"$job"}, instance)', "instance"),
        var("path", 'label_values(ws_server_connections_active{job=~"$job", instance=~"$instance"}, path)', "path"),
    ]},
    "panels": panels,
}
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "wsboot.json")
with open(out, "w") as f:
    json.dump(dashboard, f, indent=2)
    f.write("\n")
print("wrote", out, len(panels), "panels")
