"""The app's interface, beside `app.py` (the page's entry point): its words in English, Latvian and Russian, safe
rendering of untrusted text, the editor password, and the sidebar and tabs that Streamlit draws.

Document text is never translated or altered, and never rendered as Markdown or HTML: it is shown as text.
"""
