"""The Integrate group of the navigation: the SP-API sandbox page (it reads a running sandbox over HTTP)."""
