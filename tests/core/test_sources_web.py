"""Importing web pages, PDFs and feeds by URL, from a server on 127.0.0.1; refreshing them."""

from __future__ import annotations

import json
import os

import pytest

from dossier.cli import main
from dossier.core.sources.archive import read_response
from dossier.core.workspace import Workspace
from tests.core.test_sources_documents import make_pdf
from tests.core.web_server import NEVER, serve

ARTICLE = """<!doctype html><html><head>
<title>Grain deal extended after all-night talks | Ledger World</title>
<meta property="og:title" content="Grain deal extended after all-night talks | Ledger World">
<meta property="og:site_name" content="The Daily Ledger">
<link rel="canonical" href="/world/grain-deal">
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Grain deal extended after all-night talks",
 "datePublished": "2025-03-17T08:30:00+02:00",
 "author": [{"@type": "Person", "name": "Jane Roe"}, {"@type": "Person", "name": "Ivan Petrov"}],
 "publisher": {"@type": "Organization", "name": "The Daily Ledger"}}
</script></head>
<body><nav>Home | World | Sport</nav><article><h1>Grain deal extended after all-night talks</h1>
<p>Negotiators agreed early on Tuesday that ships carrying grain would keep sailing for another
one hundred and twenty days, officials from both delegations said.</p>
<p>{second}</p>
</article><footer>Share this article</footer></body></html>"""
SECOND = "The agreement still has to be signed by the ministers, who meet again next week in Istanbul."

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Ledger World</title><link>{base}/</link>
<item><title>One</title><link>{base}/one.html</link><pubDate>Mon, 17 Mar 2025 10:00:00 GMT</pubDate></item>
<item><title>Two</title><link>{base}/two.html</link></item>
</channel></rss>"""


def page(title: str, sentence: str) -> str:
    return (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"<p>{sentence} The reporters confirmed it with two officials on Monday evening.</p>"
        f"<p>Further talks are planned for the coming weeks, according to the statement.</p>"
        f"</article></body></html>"
    )


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def listed(capsys) -> list[dict]:
    code, out, _ = run(capsys, "list", "--json")
    assert code == 0
    return json.loads(out)


def test_page_with_json_ld_and_og_tags(capsys, dossier_home):
    with serve() as site:
        url = site.page("/story", ARTICLE.replace("{second}", SECOND))
        code, out, err = run(capsys, "import", url)
    assert code == 0, err
    assert out.startswith(f"added     {url}")
    row = next(r for r in listed(capsys) if r["url"])
    assert row["title"] == "Grain deal extended after all-night talks"  # without "| Ledger World"
    assert row["publisher"] == "The Daily Ledger" and row["date"] == "2025-03-17"
    assert row["url"] == site.url("/world/grain-deal")  # the page's canonical URL
    assert row["fetched"] and row["fetched"].endswith("+00:00")
    with Workspace() as ws:
        article = ws.library.get(row["id"])
        assert article.meta.author == "Jane Roe and Ivan Petrov"
        assert "one hundred and twenty days" in article.text and "Home | World" not in article.text
        archived = read_response(ws.data_dir / article.meta.archive)
    assert archived.status_line == "200 OK" and archived.url == url
    assert archived.body == ARTICLE.replace("{second}", SECOND).encode("utf-8")
    assert ("Content-Type", "text/html; charset=utf-8") in archived.headers
    assert archived.date.startswith(row["fetched"][:16])


def test_redirect_is_followed_and_the_final_url_recorded(capsys):
    with serve() as site:
        site.page("/final", page("Ceasefire holds", "The ceasefire held through the night."))
        start = site.redirect("/start", "/final", status=301)
        code, _, err = run(capsys, "import", start)
    assert code == 0, err
    row = next(r for r in listed(capsys) if r["url"])
    assert row["url"] == site.url("/final") and row["title"] == "Ceasefire holds"


def test_pdf_served_by_url(capsys, tmp_path):
    data = make_pdf(tmp_path / "report.pdf", title="Port Capacity Report", author="Port Authority")
    with serve() as site:
        url = site.page("/report", data, content_type="application/pdf")
        code, out, err = run(capsys, "import", url)
    assert code == 0, err
    row = next(r for r in listed(capsys) if r["url"])
    assert row["title"] == "Port Capacity Report" and row["url"] == url
    code, out, _ = run(capsys, "search", '"corridor would stay open"')
    assert "1 article matches" in out


def test_failures_are_one_line_each_and_the_rest_goes_on(capsys):
    with serve() as site:
        good = site.page("/good", page("Talks resume", "Talks resumed in Riyadh on Monday."))
        never = site.page("/never", b"")
        site.routes["/never"] = (200, {"Content-Type": "text/html"}, NEVER)
        missing = site.url("/missing")
        site.redirect("/loop-a", "/loop-b")
        loop = site.redirect("/loop-b", "/loop-a")
        big = site.page("/big", b"<html><body>" + b"a" * (30 * 1024 * 1024) + b"</body></html>")
        stream = site.page("/stream", b"<p>" + b"b" * (21 * 1024 * 1024), **{"X-Omit-Length": "1"})
        binary = site.page("/binary", os.urandom(4096) + b"\x00" * 64)
        refused = "http://127.0.0.1:9/nothing-listens-here"
        code, out, err = run(
            capsys, "import", "--timeout", "1.5", never, missing, loop, big, stream, binary, refused, good
        )
    assert code == 1
    lines = {line.split()[1].rstrip(":"): line for line in err.splitlines() if line.startswith("failed")}
    assert "no answer within 1.5 seconds" in lines[never]
    assert "404 Not Found" in lines[missing]
    assert "redirect loop" in lines[loop]
    assert "too large (30.0 MB; the limit is 20 MB)" in lines[big]
    assert "too large (more than" in lines[stream]
    assert "binary" in lines[binary]
    assert "refused the connection" in lines[refused]
    assert "Traceback" not in err
    assert f"added     {good}" in out and "1 added, 7 failed" in out


def test_feed_imports_each_page_once(capsys):
    with serve() as site:
        site.page("/one.html", page("First story", "The first story says grain ships sailed."))
        site.page("/two.html", page("Second story", "The second story says the talks stalled."))
        feed = site.page("/feed.xml", FEED.format(base=site.base), content_type="application/rss+xml")
        code, out, err = run(capsys, "import", "--feed", feed)
        assert code == 0, err
        assert "2 added" in out
        code, out, err = run(capsys, "import", "--feed", feed)
        assert code == 0 and "already in the library" in out and "2 unchanged" in out
        assert site.hits["/one.html"] == 1 and site.hits["/two.html"] == 1
    titles = {r["title"] for r in listed(capsys) if r["url"]}
    assert titles == {"First story", "Second story"}


def test_malformed_feed_is_reported_and_good_items_are_imported(capsys):
    with serve() as site:
        site.page("/one.html", page("First story", "The first story says grain ships sailed."))
        site.page("/two.html", page("Second story", "The second story says the talks stalled."))
        good = site.page("/feed.xml", FEED.format(base=site.base), content_type="application/rss+xml")
        broken = site.page("/broken.xml", b"<rss><channel><<<\x00 this is not xml", content_type="application/rss+xml")
        half = site.page(
            "/half.xml",
            (
                FEED.format(base=site.base).split("<item><title>Two")[0]
                + "<item><title>Bad</title><link>%%%</link></channel>"
            ),
            content_type="application/rss+xml",
        )
        code, out, err = run(capsys, "import", "--feed", broken, "--feed", good, "--feed", half)
    assert code == 1
    assert f"failed    {broken}: not a readable RSS or Atom feed" in err
    assert "2 added" in out and "Traceback" not in err


def test_page_edited_after_clipping(capsys, tmp_path):
    """refresh says changed (a new version beside the old), verify exits 1, export is refused."""
    brief = tmp_path / "brief.dossier"
    with serve() as site:
        url = site.page("/story", ARTICLE.replace("{second}", SECOND))
        assert run(capsys, "import", url)[0] == 0
        row = next(r for r in listed(capsys) if r["url"])
        for quote in ("signed by the ministers", "one hundred and twenty days"):
            code, out, err = run(
                capsys,
                "clip",
                "--dossier",
                str(brief),
                "--section",
                "Deal",
                "--create-section",
                "--doc",
                row["id"],
                "--quote",
                quote,
            )
            assert code == 0, err
        code, out, err = run(capsys, "refresh", "--dossier", str(brief))
        assert code == 0, err
        assert out.startswith(f"unchanged {row['id'][:8]}") and "1 source checked: 1 unchanged." in out
        site.page("/story", ARTICLE.replace("{second}", SECOND.replace("the ministers", "the foreign ministers")))
        code, out, err = run(capsys, "refresh", row["id"][:8], "--dossier", str(brief))
    assert code == 0, err
    assert "changed" in out and "version 2, 2 clips affected (1 changed, 1 unchanged)" in out
    code, out, err = run(capsys, "verify", str(brief), "--no-update")
    assert code == 1 and "changed" in out and "signed by the foreign ministers" in out
    code, out, err = run(capsys, "export", str(brief), "-o", str(tmp_path / "brief.pdf"))
    assert code == 1 and "export refused" in err and not (tmp_path / "brief.pdf").exists()
    rows = [r for r in listed(capsys) if r["url"]]
    assert len(rows) == 1 and rows[0]["version"] == 2 and rows[0]["id"] != row["id"]
    with Workspace() as ws:
        old, new = ws.library.get(row["id"]), ws.library.get(rows[0]["id"])
        assert not old.current and "signed by the ministers" in old.text and "the foreign ministers" in new.text
        assert old.meta.archive != new.meta.archive and (ws.data_dir / new.meta.archive).is_file()


def test_refresh_of_a_file_article_is_skipped(capsys, tmp_path):
    (tmp_path / "note.txt").write_text("A note\n\nThe talks resumed on Monday in Riyadh.\n")
    run(capsys, "import", str(tmp_path / "note.txt"))
    row = next(r for r in listed(capsys) if r["title"] == "A note")
    code, _out, err = run(capsys, "refresh", row["id"])
    assert code == 0 and "not imported from a web address" in err


@pytest.mark.parametrize("args", [["import"], ["import", "--timeout", "0", "http://127.0.0.1:9/"]])
def test_import_usage_errors(capsys, args):
    code, _, err = run(capsys, *args)
    assert code == 2 and err.startswith("dossier:")


def test_refresh_without_a_dossier_counts_no_clips(capsys):
    with serve() as site:
        url = site.page("/story", ARTICLE.replace("{second}", SECOND))
        assert run(capsys, "import", url)[0] == 0
        site.page("/story", ARTICLE.replace("{second}", SECOND.replace("next week", "next month")))
        code, out, err = run(capsys, "refresh")
    assert code == 0, err
    assert out.splitlines()[0].endswith("Grain deal extended after all-night talks — version 2")
    assert out.splitlines()[-1] == "1 source checked: 1 changed."


def test_importing_an_unchanged_page_again_keeps_one_archived_copy(capsys, dossier_home):
    with serve() as site:
        url = site.page("/story", ARTICLE.replace("{second}", SECOND).replace("</html>", "<!-- ad 1 --></html>"))
        assert run(capsys, "import", url)[0] == 0
        site.page("/story", ARTICLE.replace("{second}", SECOND).replace("</html>", "<!-- ad 2 --></html>"))
        code, out, _ = run(capsys, "import", url)  # other bytes, the same article text
    assert code == 0 and out.startswith(f"unchanged {url}\n")
    assert len(list((dossier_home / "data" / "archive").rglob("*.warc.gz"))) == 1
    assert [r["version"] for r in listed(capsys) if r["url"]] == [1]
