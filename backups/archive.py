"""The backup file: a tar stream (database, media, manifest last) encrypted with age.

age (through ``pyrage``) encrypts and authenticates the stream in 64 KiB chunks, so a wrong key
or a changed byte stops decryption with an error; the manifest's SHA-256 of every member is a
second check, made on the staged copy before a restore touches the database or the media root.
Nothing is held in memory whole: tar is written into a pipe that age reads from another thread.
"""

import hashlib
import io
import json
import os
import tarfile
import threading
from contextlib import contextmanager
from pathlib import Path

import pyrage

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA_PREFIX = "media/"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """The backup cannot be written or restored; the message says why."""


def identity_from(key: str):
    """The age identity named by ``BACKUP_KEY`` (``AGE-SECRET-KEY-1...``)."""
    try:
        return pyrage.x25519.Identity.from_str(key.strip())
    except pyrage.IdentityError as error:
        raise BackupError("BACKUP_KEY is not an age secret key (AGE-SECRET-KEY-1...)") from error


def new_key() -> str:
    return str(pyrage.x25519.Identity.generate())


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while block := file.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def media_files(media_root: Path):
    """``(archive name, path)`` of every file under the media root, in a stable order."""
    if not media_root.is_dir():
        return
    for path in sorted(media_root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield MEDIA_PREFIX + path.relative_to(media_root).as_posix(), path


def _file_entry(name: str, path: Path) -> dict:
    return {"path": name, "size": path.stat().st_size, "sha256": sha256_of(path)}


@contextmanager
def _piped(worker):
    """``worker(write_end)`` runs in a thread; yields the read end. Errors of either side win."""
    read_fd, write_fd = os.pipe()
    failure = []

    def run():
        try:
            with open(write_fd, "wb") as writer:
                worker(writer)
        except Exception as error:  # noqa: BLE001 -- re-raised in the caller's thread below
            failure.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        with open(read_fd, "rb") as reader:
            yield reader
    except BaseException:
        thread.join()
        # The cause (a wrong key) rather than its effect (a cut tar stream), unless the
        # writer only stopped because this side had stopped reading.
        if failure and not isinstance(failure[0], BrokenPipeError):
            raise failure[0] from None
        raise
    thread.join()
    if failure:
        raise failure[0]


def write_archive(
    out: Path, key: str, database_file: Path, database_name: str, manifest: dict, media_root: Path
) -> dict:
    """Write the encrypted archive of ``database_file`` and the media root to ``out``.

    Returns the manifest, completed with every member's size and SHA-256.
    """
    recipient = identity_from(key).to_public()
    manifest = {**manifest, "format": FORMAT_VERSION, "files": []}

    def write_tar(writer):
        with tarfile.open(fileobj=writer, mode="w|") as tar:
            members = [(database_name, database_file), *media_files(media_root)]
            for name, path in members:
                entry = _file_entry(name, path)
                tar.add(path, arcname=name, recursive=False)
                manifest["files"].append(entry)
            body = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(body)
            tar.addfile(info, io.BytesIO(body))

    partial = out.with_name(out.name + ".partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with _piped(write_tar) as reader, open(descriptor, "wb") as target:
        pyrage.encrypt_io(reader, target, [recipient])
    partial.replace(out)
    return manifest


def stage_archive(archive: Path, key: str, staging: Path) -> dict:
    """Decrypt and unpack ``archive`` into ``staging``; return the manifest once every member
    matches it (no member missing or added, every size and SHA-256 equal)."""
    identity = identity_from(key)

    def decrypt(writer):
        with archive.open("rb") as source:
            try:
                pyrage.decrypt_io(source, writer, [identity])
            except BrokenPipeError:
                raise
            except (pyrage.DecryptError, OSError) as error:  # OSError: a chunk fails its tag
                raise BackupError(
                    f"cannot decrypt the backup (wrong key, damaged or altered file): {error}"
                ) from error

    found, manifest = {}, None
    try:
        with _piped(decrypt) as reader, tarfile.open(fileobj=reader, mode="r|") as tar:
            for member in tar:
                if member.name == MANIFEST:
                    manifest = json.load(tar.extractfile(member))
                    continue
                found[member.name] = _extract(tar, member, staging)
            for _rest in iter(lambda: reader.read(CHUNK), b""):
                pass  # drain, so that age checks the final chunk's tag too
    except tarfile.TarError as error:
        raise BackupError(f"the backup is not a readable archive: {error}") from error
    _check_against_manifest(manifest, found)
    return manifest


def _extract(tar, member, staging: Path) -> dict:
    if not member.isfile():
        raise BackupError(f"unexpected member in the backup: {member.name}")
    target = (staging / member.name).resolve()
    if not target.is_relative_to(staging.resolve()):
        raise BackupError(f"member outside the archive's tree: {member.name}")
    target.parent.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    source = tar.extractfile(member)
    with target.open("wb") as file:
        while block := source.read(CHUNK):
            digest.update(block)
            size += len(block)
            file.write(block)
    return {"path": member.name, "size": size, "sha256": digest.hexdigest()}


def _check_against_manifest(manifest, found: dict) -> None:
    if manifest is None:
        raise BackupError("the backup has no manifest")
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    expected = {entry["path"]: entry for entry in manifest["files"]}
    if expected.keys() != found.keys():
        missing = sorted(expected.keys() - found.keys())
        extra = sorted(found.keys() - expected.keys())
        raise BackupError(
            f"the backup does not match its manifest: missing {missing}, extra {extra}"
        )
    for name, entry in expected.items():
        if found[name] != entry:
            raise BackupError(f"checksum mismatch for {name}: the backup is damaged or altered")
