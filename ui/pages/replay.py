"""Page under construction by its issue."""

import streamlit as st

st.title("replay")
st.info("This page is being built.")
