"""The desk in a real browser (Debian's Chromium driven by Playwright), against `congvan serve`
and `congvan watch` running as the office runs them: a clerk uploads two scans and sees them
registered by the ingest flow, corrects a flagged field and exports the register; a leader
confirms one routing and changes another with a deadline, urgent first; a unit's staff sees
only the unit's documents and closes one; a search without diacritics finds a document with
its words highlighted. Each page is saved to docs/screenshots/ (kept in the repository)."""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from congvan.pipeline.desk import workflow
from tests.conftest import ROOT, sample
from tests.faults.test_watch_service import Service, wait_for
from tests.flows.test_ingest import env

from .conftest import BCVT, PASSWORD, build

pytestmark = pytest.mark.tesseract
SHOTS = ROOT / "docs" / "screenshots"
UPLOADS = ["cv031.pdf", "cv011.png"]           # a born-digital PDF and a scan


def chromium() -> str:
    found = os.environ.get("CONGVAN_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.skip("no Chromium: `make setup` installs Debian's chromium package")
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, dict[str, str]]]:
    home = tmp_path_factory.mktemp("browser-desk")
    store, ids = build(home, "sqlite", decide=False)
    store.close()
    port = free_port()
    environ = env(home, CONGVAN_OFFICE_WIDE_READING="")
    serve = Service(["serve", "--port", str(port)], environ, home / "logs-serve")
    (home / "inbox").mkdir(exist_ok=True)
    watch = Service(["watch", str(home / "inbox"), "--interval", "2", "--settle", "0.5"], environ,
                    home / "logs-watch")
    url = f"http://127.0.0.1:{port}"

    def up() -> bool:
        try:
            with urllib.request.urlopen(f"{url}/dang-nhap", timeout=2) as r:
                return bool(r.status == 200)
        except OSError:
            return False

    try:
        wait_for(up, 60, "the desk answering", serve)
        yield url, home, ids
    finally:
        serve.stop()
        watch.stop()


@pytest.fixture(scope="module")
def browser(desk: tuple[str, Path, dict[str, str]]) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    path = chromium()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=["--no-sandbox"])
        yield b
        b.close()


def page_as(browser: object, url: str, name: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport={"width": 1360, "height": 900}, locale="vi-VN",  # type: ignore[attr-defined]
                                  accept_downloads=True)
    page = context.new_page()
    page.goto(f"{url}/dang-nhap")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    submit(page, page.locator("button[type=submit]"))
    return page


def submit(page, what) -> None:  # type: ignore[no-untyped-def]
    """Click what posts a form and wait for the page it leads to (not the one it was clicked on)."""
    with page.expect_navigation():
        what.click()


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def ledger_count(home: Path) -> int:
    import sqlite3

    db = sqlite3.connect(home / "ledger.sqlite")
    try:
        return int(db.execute("SELECT count(*) FROM register").fetchone()[0])
    finally:
        db.close()


def test_1_clerk_uploads_reviews_presents_and_exports(browser: object, desk: tuple[str, Path, dict[str, str]]
                                                     ) -> None:
    url, home, ids = desk
    page = page_as(browser, url, "vanthu")
    shot(page, "van-thu")
    page.click("text=Tải lên")
    page.set_input_files("#files", [str(sample(n)) for n in UPLOADS])
    page.click("#upload button[type=submit]")
    page.wait_for_selector("#upload-result li.ok >> nth=1")
    assert page.locator("#upload-result li.ok").count() == 2
    shot(page, "tai-len")
    wait_for(lambda: ledger_count(home) == 6, 600, "the two uploads registered by the watch")
    page.goto(f"{url}/van-thu")
    assert "Đăng ký hôm nay (5)" in page.content()           # six registered; the secret one is not hers
    # a scan's review form shows where OCR read the field in focus, on the page image beside it
    scan = hashlib.sha256(sample("cv011.png").read_bytes()).hexdigest()
    page.goto(f"{url}/van-thu/kiem-tra/{scan}")
    page.locator("input[data-field='document.subject']").click()
    region = page.locator(".region")
    region.wait_for(state="visible")
    assert region.bounding_box()["width"] > 50                        # type: ignore[index]
    shot(page, "kiem-tra")
    # the review queue: the flagged number (read at 0.3) is highlighted; Enter accepts, typing corrects
    page.goto(f"{url}/van-thu")
    submit(page, page.locator(f"a[href='/van-thu/kiem-tra/{ids['xss']}']"))
    flagged = page.locator("label.check input").first
    assert flagged.get_attribute("data-field") == "document.number"
    flagged.fill("56/BTTTT-KHTC")
    flagged.press("Enter")                       # accepted: focus goes on to the next field
    submit(page, page.locator("button[value=save]"))
    assert page.url.endswith("da-luu=1")
    assert page.locator("input[data-field='document.number']").input_value() == "56/BTTTT-KHTC"
    # present two documents to the leaders, the urgent one among them
    page.goto(f"{url}/van-thu")
    for key in ("cites", "open"):
        submit(page, page.locator(f"tr:has(a[href='/van-ban/{ids[key]}']) button:has-text('Trình')"))
    with page.expect_download() as download:
        page.click("#export")
    saved = home / "so-den.xlsx"
    download.value.save_as(saved)
    sheet = load_workbook(saved).active
    assert sheet is not None
    numbers = [row[3] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert "56/BTTTT-KHTC" in numbers and "12/BTTTT-MAT" not in numbers   # the secret one is not this clerk's


def test_2_leader_confirms_one_routing_and_changes_another(browser: object,
                                                          desk: tuple[str, Path, dict[str, str]]) -> None:
    url, home, ids = desk
    page = page_as(browser, url, "giamdoc")
    cards = page.locator("article.doc")
    assert cards.count() == 2
    assert cards.first.get_attribute("data-id") == ids["open"]          # Khẩn first
    shot(page, "lanh-dao")
    submit(page, cards.first.locator("button:has-text('Đồng ý phân phối')"))   # the proposal as it stands
    card = page.locator(f"article.doc[data-id='{ids['cites']}']")
    card.locator("select[name=main]").select_option(BCVT)
    card.locator("input[name=deadline]").fill("2099-03-31")
    card.locator("textarea[name=direction]").fill("Phòng BCVT chủ trì, báo cáo trước hạn.")
    submit(page, card.locator("button:has-text('Đồng ý phân phối')"))
    assert page.locator("article.doc").count() == 0
    from congvan.search.ledger import Ledger

    with Ledger(home / "ledger.sqlite") as ledger:
        step = workflow.step(ledger, ids["cites"])
        assert (step.state, step.deadline) == (workflow.DIRECTED, "2099-03-31")
        routed = ledger.confirmed_routing()
        assert routed[ids["cites"]] == BCVT and ids["open"] in routed


def test_3_unit_sees_only_its_documents_and_closes_one(browser: object,
                                                      desk: tuple[str, Path, dict[str, str]]) -> None:
    url, _home, ids = desk
    page = page_as(browser, url, "bcvt")
    rows = page.locator("table.docs tbody tr[data-id]")
    assert [rows.nth(k).get_attribute("data-id") for k in range(rows.count())] == [ids["cites"]]
    shot(page, "don-vi")
    rows.first.locator("input[name=reply]").fill("15/STTTT-BCVT")
    submit(page, rows.first.locator("button:has-text('Hoàn thành')"))
    assert "15/STTTT-BCVT" in page.content()
    page.goto(f"{url}/van-ban/{ids['secret']}")
    assert "Phương án bảo vệ" not in page.content()                     # not assigned: not found


def test_4_search_without_diacritics_highlights_the_words(browser: object,
                                                         desk: tuple[str, Path, dict[str, str]]) -> None:
    url, _home, ids = desk
    page = page_as(browser, url, "giamdoc")
    page.goto(f"{url}/tim-kiem")
    page.fill("input[name=q]", "an toan thong tin")
    with page.expect_navigation():
        page.press("input[name=q]", "Enter")
    first = page.locator("ol.hits li").first
    assert ids["cites"] in (first.locator("a").get_attribute("href") or "")
    marked = " ".join(first.locator("mark").all_inner_texts()).lower()
    assert "toàn" in marked and "thông" in marked                      # typed without marks, found with them
    shot(page, "tim-kiem")
    submit(page, page.locator(f"a[href='/van-ban/{ids['cites']}']"))
    page.wait_for_selector("img.page")
    shot(page, "van-ban")
    page.goto(f"{url}/theo-doi")
    shot(page, "theo-doi")


def test_5_admin_adds_and_locks_an_account_and_reads_the_audit_log(browser: object,
                                                                   desk: tuple[str, Path, dict[str, str]]) -> None:
    url, _home, _ids = desk
    login = browser.new_page()  # type: ignore[attr-defined]
    login.goto(f"{url}/dang-nhap")
    shot(login, "dang-nhap")
    login.close()
    page = page_as(browser, url, "quantri")
    assert page.url.endswith("/quan-tri")
    form = page.locator("form.grid")
    form.locator("input[name=name]").fill("chuyenvien.moi")
    form.locator("input[name=full_name]").fill("Ngô Thị Mới")
    form.locator("select[name=role]").select_option("don-vi")
    form.locator("select[name=unit]").select_option(BCVT)
    form.locator("input[name=password]").fill("mat-khau-moi-123")
    submit(page, form.locator("button[type=submit]"))
    accounts_table = page.locator("table.docs").first
    row = accounts_table.locator("tr:has(td:text-is('chuyenvien.moi'))")
    assert BCVT in row.inner_text()
    assert "đăng nhập" in page.locator("table.docs").last.inner_text()      # the audit log: sign-ins, …
    shot(page, "quan-tri")
    submit(page, row.locator("button:has-text('Khóa')"))
    assert page.locator("table.docs").first.locator("tr:has(td:text-is('chuyenvien.moi'))").count() == 0
    other = page_as(browser, url, "chuyenvien.moi")                          # a locked account cannot sign in
    assert "Sai tên đăng nhập hoặc mật khẩu" in other.content()
