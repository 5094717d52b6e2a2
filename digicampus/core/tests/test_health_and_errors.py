from django.db.utils import OperationalError


def test_healthz_answers_200_when_the_database_is_reachable(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["database"] is True


def test_healthz_answers_503_when_the_database_is_not(client, db, monkeypatch):
    class DownConnection:
        def cursor(self):
            raise OperationalError("database is down")

    monkeypatch.setattr("digicampus.core.views.connection", DownConnection())

    response = client.get("/healthz")

    assert response.status_code == 503


def test_404_page_is_translated(client, db):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="vi")

    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_pages_send_secure_headers(client, db):
    response = client.get("/accounts/login/")

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
