"""Files on S3-compatible storage, against moto's S3 server on this machine: stored through the
one upload service, downloaded through a signed URL that serves ranges."""

import socket
import urllib.request

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from digicampus.library import services
from digicampus.library.choices import ResourceType, ShareScope
from digicampus.library.tests.factories import PDF, make_resource, mp4_bytes, video_upload

BUCKET = "digicampus-test"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3(s3_endpoint):
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    client.create_bucket(Bucket=BUCKET)
    storages = {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "region_name": "us-east-1",
                "access_key": "testing",
                "secret_key": "testing",
                "default_acl": None,
                "file_overwrite": False,
                "querystring_auth": True,
            },
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages):
        yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def test_a_file_is_stored_in_the_bucket(district, s3):
    stored = services.file_store(
        actor=district.teacher,
        upload=SimpleUploadedFile("giáo án.pdf", PDF),
        school=district.school,
    )

    body = s3.get_object(Bucket=BUCKET, Key=stored.file.name)["Body"].read()
    assert body == PDF
    assert stored.file.name.endswith("giao-an.pdf")


def test_a_refused_file_leaves_nothing_in_the_bucket(district, s3):
    from digicampus.core.errors import DomainError

    with pytest.raises(DomainError):
        services.file_store(
            actor=district.teacher,
            upload=SimpleUploadedFile("x.pdf", b"MZ"),
            school=district.school,
        )

    assert s3.list_objects_v2(Bucket=BUCKET).get("KeyCount", 0) == 0


def test_a_download_is_redirected_to_a_signed_url_that_serves_ranges(client, district, s3):
    resource = make_resource(
        district.teacher,
        district.school,
        resource_type=ResourceType.LESSON_VIDEO,
        scope=ShareScope.SCHOOL,
        upload=video_upload(payload=20_000),
    )
    client.force_login(district.school_admin)

    response = client.get(reverse("library:resource_download", args=[resource.pk]) + "?inline=1")

    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("http://127.0.0.1:")
    request = urllib.request.Request(location, headers={"Range": "bytes=100-199"})  # noqa: S310
    with urllib.request.urlopen(request) as answer:  # noqa: S310 - the local test server
        assert answer.status == 206
        assert answer.read() == mp4_bytes(20_000)[100:200]
