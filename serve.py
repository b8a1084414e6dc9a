"""Cancel Desk as served: ``streamlit run serve.py`` runs ``app.py`` with the two sign-in routes
(``POST /auth/session``, ``POST /auth/signout``) that set and clear the HttpOnly session cookie.

Streamlit finds the ``st.App`` below and serves it with uvicorn (Streamlit's own Starlette
server, with these routes beside its own); ``streamlit run app.py`` still works, without
the cookie: a reload then asks to sign in again (ui/auth/cookie_routes.py).
"""

import streamlit as st

from ui.auth.cookie_routes import ROUTES

app = st.App("app.py", routes=ROUTES)
