"""The real components the heavy tests rely on start here, as CI will start them."""

from __future__ import annotations

import subprocess

import pytest

pytestmark = [pytest.mark.system, pytest.mark.slow]


def test_postgres_server_accepts_a_gradebook_connection(postgres_url):
    import sqlalchemy

    engine = sqlalchemy.create_engine(postgres_url)
    with engine.connect() as conn:
        assert conn.execute(sqlalchemy.text("select 40 + 2")).scalar() == 42
    engine.dispose()


def test_headless_chromium_renders_a_page(browser, tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<title>t</title><p id=x>안녕 hello</p><script>document.title='ran'</script>", encoding="utf-8")
    browser.get(page.as_uri())
    assert browser.find_element("id", "x").text == "안녕 hello"
    assert browser.title == "ran"  # scripts do run here: the sanitiser tests rely on that


def test_unix_accounts_are_real(unix_users):
    name = unix_users("stu")
    out = subprocess.run(["runuser", "-u", name, "--", "id", "-un"], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == name
