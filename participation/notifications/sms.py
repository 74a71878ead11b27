"""SMS backends, chosen by ``settings.SMS_BACKEND``: a file for development and tests, and
Alibaba Cloud's SendSms API (短信服务, signature name + template code + parameters).

A backend's ``send`` returns the provider's message id or raises ``DeliveryFailed``
(``permanent=True`` when trying again cannot help: a number the provider rejects).
"""

import base64
import hashlib
import hmac
import json
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import quote, urlencode
from urllib.request import urlopen

from django.conf import settings
from django.utils.module_loading import import_string


class DeliveryFailed(Exception):
    """A channel could not deliver; ``permanent`` when a retry cannot help."""

    def __init__(self, reason: str, permanent: bool = False, bounced: bool = False):
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent or bounced
        self.bounced = bounced
        """The provider refused the address or number itself: the delivery is bounced."""


@dataclass(frozen=True)
class SmsMessage:
    phone: str
    """E.164 ("+8613800000000")."""
    template_code: str
    params: dict = field(default_factory=dict)
    text: str = ""
    """The message as a resident would read it (the file backend writes it)."""


def get_backend():
    return import_string(settings.SMS_BACKEND)()


class FileBackend:
    """Appends each message as one JSON line to ``SMS_FILE_PATH/messages.jsonl``."""

    def send(self, message: SmsMessage) -> str:
        folder = Path(settings.SMS_FILE_PATH)
        folder.mkdir(parents=True, exist_ok=True)
        message_id = uuid.uuid4().hex
        record = {"id": message_id, **message.__dict__}
        with open(folder / "messages.jsonl", "a", encoding="utf-8") as file:
            file.write(json.dumps(record, ensure_ascii=False) + "\n")
        return message_id


def read_file_messages(folder=None) -> list[dict]:
    """What the file backend wrote (for tests and the development console)."""
    path = Path(folder or settings.SMS_FILE_PATH) / "messages.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# Codes that mean the message itself is wrong (number, template, signature, balance): no retry.
# Throttling (isv.BUSINESS_LIMIT_CONTROL) and the provider's own errors (isp.*) are retried.
RETRIED_CODES = {"isv.BUSINESS_LIMIT_CONTROL", "Throttling.User", "ServiceUnavailable"}


def percent_encode(text: str) -> str:
    """RFC 3986 encoding as Alibaba Cloud's signature (version 1.0) requires it."""
    return quote(text, safe="~")


def aliyun_signature(params: dict, secret: str, method: str = "GET") -> str:
    """HMAC-SHA1 over the sorted, percent-encoded parameters (Alibaba Cloud RPC signature)."""
    canonical = "&".join(
        f"{percent_encode(key)}={percent_encode(value)}" for key, value in sorted(params.items())
    )
    to_sign = f"{method}&{percent_encode('/')}&{percent_encode(canonical)}"
    digest = hmac.new(f"{secret}&".encode(), to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


class AliyunBackend:
    """Alibaba Cloud SMS, ``SendSms`` (API version 2017-05-25), signed GET request."""

    def __init__(self):
        self.endpoint = settings.SMS_ALIYUN_ENDPOINT
        self.access_key_id = settings.SMS_ALIYUN_ACCESS_KEY_ID
        self.secret = settings.SMS_ALIYUN_ACCESS_KEY_SECRET
        self.sign_name = settings.SMS_SIGN_NAME
        self.timeout = settings.SMS_TIMEOUT

    def request_params(self, message: SmsMessage, now=None, nonce=None) -> dict:
        now = now or datetime.now(UTC)
        params = {
            "AccessKeyId": self.access_key_id,
            "Action": "SendSms",
            "Format": "JSON",
            "PhoneNumbers": message.phone,
            "RegionId": "cn-hangzhou",
            "SignName": self.sign_name,
            "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": nonce or uuid.uuid4().hex,
            "SignatureVersion": "1.0",
            "TemplateCode": message.template_code,
            "TemplateParam": json.dumps(message.params, ensure_ascii=False),
            "Timestamp": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "Version": "2017-05-25",
        }
        return {**params, "Signature": aliyun_signature(params, self.secret)}

    def send(self, message: SmsMessage) -> str:
        url = f"{self.endpoint}?{urlencode(self.request_params(message), quote_via=quote)}"
        try:
            with urlopen(url, timeout=self.timeout) as response:  # noqa: S310 -- https endpoint from settings
                answer = json.loads(response.read().decode())
        except HTTPError as error:
            permanent = error.code < 500
            raise DeliveryFailed(f"HTTP {error.code}: {_reason(error)}", permanent) from error
        except (URLError, TimeoutError, OSError) as error:
            raise DeliveryFailed(f"{type(error).__name__}: {error}") from error
        except ValueError as error:
            raise DeliveryFailed(f"unreadable answer: {error}") from error
        code = answer.get("Code", "")
        if code != "OK":
            permanent = code not in RETRIED_CODES and not code.startswith("isp.")
            raise DeliveryFailed(f"{code}: {answer.get('Message', '')}", permanent)
        return answer.get("BizId", "")


def _reason(error: HTTPError) -> str:
    try:
        answer = json.loads(error.read().decode())
        return f"{answer.get('Code', '')}: {answer.get('Message', '')}"
    except (ValueError, OSError):
        return error.reason
