"""A local robot for delivery tests: an HTTP server in a thread that answers each request from a
script (status, body) and remembers what it was sent."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from django.utils.translation import gettext_lazy as _

from qingmiao.core.notifications import EventKind, registry

TEST_EVENT = "tests.thing.happened"

registry.register(
    EventKind(
        code=TEST_EVENT,
        name=_("测试事项"),
        render=lambda c: f"{c['who']}办理了{c['what']}",
        render_group=lambda c: f"有人办理了{c['what']}",
    )
)


class Robot:
    def __init__(self, answers):
        self.answers = list(answers)
        self.requests: list[dict] = []
        robot = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                robot.requests.append(
                    {"path": self.path, "body": json.loads(self.rfile.read(length) or b"{}")}
                )
                status, body = robot.answers.pop(0) if robot.answers else (200, {"errcode": 0})
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/robot/send?access_token=t"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
