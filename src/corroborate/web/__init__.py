"""The web UI: HTML pages (Jinja2, autoescaped) over browse.py's page data, with bundled assets."""
