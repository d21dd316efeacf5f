"""The web door: server-rendered pages (Jinja2, HTMX) over the API app, with every asset shipped here."""
