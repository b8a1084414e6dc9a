"""Page under construction by its issue."""

import streamlit as st

st.title("policy_lab")
st.info("This page is being built.")
