"""The Streamlit app's render modules: chat, citations, sidebar, reader and evaluation."""
