"""SMS backends: the file backend, and Alibaba Cloud's SendSms against a fake of its endpoint."""

import socket
from datetime import UTC, datetime

import pytest

from participation.notifications.sms import (
    AliyunBackend,
    DeliveryFailed,
    FileBackend,
    SmsMessage,
    aliyun_signature,
    read_file_messages,
)

from .fake_aliyun import FakeAliyun

SECRET = "testSecret"
MESSAGE = SmsMessage("+8613800138000", "SMS_0001", {"title": "候补成功：停车听证会"}, "text")


def test_the_signature_matches_the_providers_documented_example():
    params = {
        "AccessKeyId": "testId",
        "Action": "SendSms",
        "Format": "XML",
        "OutId": "123",
        "PhoneNumbers": "15300000001",
        "RegionId": "cn-hangzhou",
        "SignName": "阿里云短信测试专用",
        "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": "45e25e9b-0a6f-4070-8c85-2956eda1b466",
        "SignatureVersion": "1.0",
        "TemplateCode": "SMS_71390007",
        "TemplateParam": '{"customer":"test"}',
        "Timestamp": "2017-07-12T02:42:19Z",
        "Version": "2017-05-25",
    }
    assert aliyun_signature(params, SECRET) == "zJDF+Lrzhj/ThnlvIToysFRq6t4="


def test_the_file_backend_writes_one_line_per_message(settings, tmp_path):
    settings.SMS_FILE_PATH = tmp_path
    FileBackend().send(MESSAGE)
    FileBackend().send(MESSAGE)
    messages = read_file_messages(tmp_path)
    assert [m["phone"] for m in messages] == ["+8613800138000"] * 2
    assert messages[0]["params"] == {"title": "候补成功：停车听证会"}


@pytest.fixture
def aliyun(settings):
    with FakeAliyun(SECRET) as fake:
        settings.SMS_ALIYUN_ENDPOINT = fake.url
        settings.SMS_ALIYUN_ACCESS_KEY_ID = "testId"
        settings.SMS_ALIYUN_ACCESS_KEY_SECRET = SECRET
        settings.SMS_SIGN_NAME = "柳背桥社区"
        settings.SMS_TIMEOUT = 0.3
        yield fake


def test_a_signed_request_with_signature_name_template_and_params(aliyun):
    assert AliyunBackend().send(MESSAGE) == "900619746936498440^0"
    [request] = aliyun.requests
    assert request["Action"] == "SendSms"
    assert request["PhoneNumbers"] == "+8613800138000"
    assert request["SignName"] == "柳背桥社区"
    assert request["TemplateCode"] == "SMS_0001"
    assert request["TemplateParam"] == '{"title": "候补成功：停车听证会"}'
    timestamp = datetime.strptime(request["Timestamp"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert abs((datetime.now(UTC) - timestamp).total_seconds()) < 60


def test_a_wrong_secret_is_refused_for_good(aliyun, settings):
    settings.SMS_ALIYUN_ACCESS_KEY_SECRET = "wrong"
    with pytest.raises(DeliveryFailed) as failure:
        AliyunBackend().send(MESSAGE)
    assert failure.value.permanent
    assert "SignatureDoesNotMatch" in failure.value.reason


def test_a_rejected_number_fails_for_good_with_the_providers_reason(aliyun):
    aliyun.replies = [(200, {"Code": "isv.MOBILE_NUMBER_ILLEGAL", "Message": "非法手机号"})]
    with pytest.raises(DeliveryFailed) as failure:
        AliyunBackend().send(MESSAGE)
    assert failure.value.permanent
    assert failure.value.reason == "isv.MOBILE_NUMBER_ILLEGAL: 非法手机号"


@pytest.mark.parametrize(
    "reply",
    [
        (503, {"Code": "ServiceUnavailable", "Message": "busy"}),
        (500, {"Code": "InternalError", "Message": "oops"}),
        (200, {"Code": "isv.BUSINESS_LIMIT_CONTROL", "Message": "触发分钟级流控"}),
        "hang",
    ],
)
def test_timeouts_5xx_and_throttling_may_be_retried(aliyun, reply):
    aliyun.replies = [reply]
    with pytest.raises(DeliveryFailed) as failure:
        AliyunBackend().send(MESSAGE)
    assert not failure.value.permanent
    assert failure.value.reason


def test_nothing_listening_may_be_retried(settings):
    with socket.socket() as probe:  # a free port, closed again: nothing listens there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.SMS_ALIYUN_ENDPOINT = f"http://127.0.0.1:{port}/"
    settings.SMS_TIMEOUT = 0.3
    with pytest.raises(DeliveryFailed) as failure:
        AliyunBackend().send(MESSAGE)
    assert not failure.value.permanent
