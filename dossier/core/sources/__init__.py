"""Where articles come from besides plain text files: web pages fetched by URL (and their
archived copies), feeds, PDF, DOCX and Markdown documents.

* :mod:`.fetch` gets a URL over HTTP(S) with a timeout, a size cap and a redirect limit.
* :mod:`.archive` keeps each fetched response (status, headers, body) as WARC.
* :mod:`.page_meta` reads a page's title, authors, date, publisher and canonical URL.
* :mod:`.feeds` reads the item links of an RSS or Atom feed.
* :mod:`.pdf_text`, :mod:`.docx_text`, :mod:`.markdown_text` turn documents into article text.
* :mod:`.importer` fetches URLs and feeds into importable items; :mod:`.refresh` fetches
  URL articles again and says which changed.
"""
