"""A fake of Alibaba Cloud's SMS endpoint (dysmsapi, SendSms) on a free local port.

It checks each request's signature the way the provider does and answers with the next
scripted reply: a JSON body with a status, or a delay longer than the client's timeout.
"""

import contextlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

from participation.notifications.sms import aliyun_signature

OK = (200, {"Code": "OK", "Message": "OK", "BizId": "900619746936498440^0", "RequestId": "r"})


class FakeAliyun:
    def __init__(self, secret):
        self.secret = secret
        self.replies = []
        self.requests = []
        handler = self._handler()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                params = dict(parse_qsl(urlsplit(self.path).query, keep_blank_values=True))
                fake.requests.append(params)
                signature = params.pop("Signature", "")
                reply = fake.replies.pop(0) if fake.replies else OK
                if signature != aliyun_signature(params, fake.secret):
                    reply = (400, {"Code": "SignatureDoesNotMatch", "Message": "bad"})
                elif reply == "hang":
                    time.sleep(1.0)
                    reply = OK
                self.answer(*reply)

            def answer(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError):  # the client gave up (a timeout)
                    self.wfile.write(data)

            def log_message(self, *args):
                pass

        return Handler


def push_replies(client, url, replies):
    """What the provider does when residents answer an SMS (SmsUp, HTTP batch push): POST a
    JSON array, numbers without the country code, to the site's callback address."""
    body = [
        {
            "phone_number": phone,
            "content": content,
            "send_time": "2026-12-01 09:30:00",
            "dest_code": "1234",
            "sequence_id": str(1234567890 + index),
        }
        for index, (phone, content) in enumerate(replies)
    ]
    return client.post(url, json.dumps(body, ensure_ascii=False), content_type="application/json")
