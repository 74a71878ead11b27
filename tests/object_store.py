"""An S3 bucket in memory (moto) behind the site's storages, configured as production does."""

import boto3
import pytest
from django.core.files.storage import storages
from moto import mock_aws

from config.media import media_storages

BUCKET = "community-media"
PUBLIC_URL = "https://media.example.org/media"
STORE_ENV = {
    "MEDIA_S3_BUCKET": BUCKET,
    "MEDIA_S3_REGION": "us-east-1",
    "MEDIA_S3_PUBLIC_URL": PUBLIC_URL,
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
}


@pytest.fixture
def object_store(monkeypatch, settings):
    """The bucket's client; the ``default`` and ``protected`` storages write to it."""
    from participation.hearings.models import Opinion

    for name, value in STORE_ENV.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket=BUCKET)
        settings.STORAGES = {**settings.STORAGES, **media_storages()}
        # A FileField resolves a storage callable once, when its model is defined.
        monkeypatch.setattr(Opinion._meta.get_field("attachment"), "storage", storages["protected"])
        yield client


def keys(client) -> list[str]:
    return [item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])]
