"""Where uploaded files live: MEDIA_ROOT on this machine, or an S3-compatible object store.

With ``MEDIA_S3_BUCKET`` set (docs/production.md, "Media in an object store"), every node reads
and writes the same bucket through django-storages, so no file is local to a node:

- ``default``: images, renditions and documents. Image URLs are the public address of the
  bucket (``MEDIA_S3_PUBLIC_URL``, for example the site's own ``https://host/media`` that the
  proxy forwards to the bucket, or the bucket's endpoint). Only ``images/`` and
  ``original_images/`` are meant to be readable without a signature; documents leave through
  Wagtail's permission-checked view, which streams them from the bucket.
- ``protected``: opinion attachments, under ``protected/`` (or in ``MEDIA_S3_PROTECTED_BUCKET``),
  handed out after the site's permission check as URLs signed for ``MEDIA_S3_SIGNED_SECONDS``.

Without it both are the file system under MEDIA_ROOT, as before. Credentials come the way
boto3 finds them (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or the machine's role).
"""

import os
from urllib.parse import urlsplit

LOCAL = "django.core.files.storage.FileSystemStorage"
S3 = "storages.backends.s3.S3Storage"
PUBLIC_PREFIXES = ("images/", "original_images/")


def object_store() -> bool:
    return bool(os.environ.get("MEDIA_S3_BUCKET", "").strip())


def media_storages() -> dict:
    """The ``default`` and ``protected`` entries of STORAGES."""
    if not object_store():
        return {"default": {"BACKEND": LOCAL}, "protected": {"BACKEND": LOCAL}}
    shared = {
        "endpoint_url": os.environ.get("MEDIA_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("MEDIA_S3_REGION") or None,
        "default_acl": None,  # the bucket's policy decides who reads, never a per-object ACL
        "file_overwrite": False,
        "signature_version": "s3v4",  # what every current store accepts for signed URLs
    }
    if shared["endpoint_url"]:
        shared["addressing_style"] = "path"  # a store at one address (MinIO, Ceph, moto)
    bucket = os.environ["MEDIA_S3_BUCKET"].strip()
    public = {**shared, "bucket_name": bucket, "querystring_auth": False}
    if public_url := os.environ.get("MEDIA_S3_PUBLIC_URL", "").strip().rstrip("/"):
        parts = urlsplit(public_url)
        public["custom_domain"] = parts.netloc + parts.path
        public["url_protocol"] = f"{parts.scheme}:"
    protected_bucket = os.environ.get("MEDIA_S3_PROTECTED_BUCKET", "").strip()
    protected = {
        **shared,
        "bucket_name": protected_bucket or bucket,
        "location": "" if protected_bucket else "protected",
        "querystring_auth": True,
        "querystring_expire": int(os.environ.get("MEDIA_S3_SIGNED_SECONDS", "60")),
    }
    return {
        "default": {"BACKEND": S3, "OPTIONS": public},
        "protected": {"BACKEND": S3, "OPTIONS": protected},
    }


def public_read_policy(bucket: str) -> dict:
    """The bucket policy that lets anyone read public images and nothing else."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "PublicImages",
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": [f"arn:aws:s3:::{bucket}/{prefix}*" for prefix in PUBLIC_PREFIXES],
            }
        ],
    }


def media_origin() -> str:
    """The origin public images come from when it is not the site's own (for the CSP)."""
    if not object_store():
        return ""
    url = os.environ.get("MEDIA_S3_PUBLIC_URL") or os.environ.get("MEDIA_S3_ENDPOINT_URL") or ""
    parts = urlsplit(url.strip())
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""
