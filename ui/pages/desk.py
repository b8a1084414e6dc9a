"""Page under construction by its issue."""

import streamlit as st

st.title("desk")
st.info("This page is being built.")
