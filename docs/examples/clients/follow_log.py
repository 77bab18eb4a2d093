#!/usr/bin/env python3
"""Follows Vigil's log as Server-Sent Events and resumes after a cut without losing or doubling anything.

Prints one line per event (log position, population, type). Keeps the last id it saw in a file, so a restart
of this script resumes too. Standard library only.

    python3 follow_log.py http://localhost:8081 "$(deploy/local/token.sh viewer)" [populationId]
"""
import json
import pathlib
import sys
import time
import urllib.error
import urllib.request

base, token = sys.argv[1], sys.argv[2]
population = sys.argv[3] if len(sys.argv) > 3 else None
state = pathlib.Path(".vigil-last-event-id")
last_id = state.read_text().strip() if state.exists() else None

while True:
    url = base + "/log/stream" + ("?populationId=" + population if population else "")
    request = urllib.request.Request(url, headers={"Authorization": "Bearer " + token, "Accept": "text/event-stream"})
    if last_id:
        request.add_header("Last-Event-ID", last_id)  # the server starts right after it
    try:
        with urllib.request.urlopen(request, timeout=60) as stream:
            event_id, name, data = None, None, []
            for raw in stream:
                line = raw.decode("utf-8").rstrip("\n")
                if line == "":  # the end of one event
                    if data and name != "withheld":
                        event = json.loads("\n".join(data))
                        print(event["position"], event["populationId"], event["type"], flush=True)
                    if event_id:  # a withheld event moves the position on too
                        last_id = event_id
                        state.write_text(last_id)
                    event_id, name, data = None, None, []
                elif line.startswith("id:"):
                    event_id = line[3:].strip()
                elif line.startswith("event:"):
                    name = line[6:].strip()
                elif line.startswith("data:"):
                    data.append(line[5:].lstrip())
    except (urllib.error.URLError, TimeoutError, ConnectionError) as cut:
        print("cut off (%s); resuming after %s" % (cut, last_id), file=sys.stderr)
        time.sleep(1)
    # the stream also ends when the token expires: a real client fetches a fresh token here
