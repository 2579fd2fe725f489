"""A chat-completions stub for bench/llm-speed.sh: answers every request after DELAY_MS with a
grading that follows grill's schema (every concept of the request, not covered), writes its port
to PORTFILE, and on SIGUSR1 writes the most requests it saw in flight at once to STATSFILE."""
import json
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

delay = int(sys.argv[1]) / 1000
port_file, stats_file = sys.argv[2], sys.argv[3]
lock = threading.Lock()
in_flight = 0
peak = 0
served = 0


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        global in_flight, peak, served
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        with lock:
            in_flight += 1
            peak = max(peak, in_flight)
        user = body["messages"][1]["content"]
        start = user.index("Rubric:\n") + len("Rubric:\n")
        rubric = json.loads(user[start:user.index("\n\n", start)])
        grading = {
            "concepts": [{"id": c["id"], "verdict": "not_covered", "quote": ""} for c in rubric["concepts"]],
            "misconceptions": [], "feedback": "ok", "follow_up": "why?",
        }
        time.sleep(delay)
        reply = json.dumps({
            "model": "stub",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": json.dumps(grading)}}],
            "usage": {"total_tokens": 10},
        }).encode()
        with lock:
            in_flight -= 1
            served += 1
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)


def stats(*_):
    with open(stats_file, "w") as f:
        f.write(f"server: {served} requests, at most {peak} in flight at once\n")


signal.signal(signal.SIGUSR1, stats)
server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
with open(port_file + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
import os
os.replace(port_file + ".tmp", port_file)
server.serve_forever()
