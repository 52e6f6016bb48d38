"""The bare baseline of the load test: Streamlit with the step page's widgets and nothing of ours.

Same navigation (13 pages), language switch, score metric, progress bar, page links, presentation
toggle; the step page's radios and notes; a summary page with three download buttons. The metric
counts the answered radios, so the load test can check that each answer reached the server.
"""

import streamlit as st

RADIOS = 6
OPTIONS = ["Ja", "Deels", "Nee", "Weet ik niet", "N.v.t."]


def step() -> None:
    st.title("Stap 8 van 10")
    for i in range(RADIOS):
        with st.container(border=True):
            st.radio(f"Question {i}", OPTIONS, index=None, horizontal=True, key=f"r{i}")
    st.text_area("Notes", key="notes")
    with st.container(horizontal=True):
        st.page_link(pages[0], label="Vorige")
        st.page_link(pages[0], label="Volgende")


def summary() -> None:
    st.title("Samenvatting")
    answers = [str(st.session_state.get(f"r{i}")) for i in range(RADIOS)]
    text = ",".join(answers)
    st.download_button("PDF", data=b"%PDF-1.4\n" + text.encode() * 2000, file_name="r.pdf", on_click="ignore")
    st.download_button("CSV", data=text.encode(), file_name="r.csv", mime="text/csv", on_click="ignore")
    st.download_button("JSON", data=f'{{"a": "{text}"}}', file_name="r.json", on_click="ignore")


def other() -> None:
    st.title("Other")


pages = [st.Page(step, title="p0", url_path="p0", default=True)]
pages += [st.Page(other, title=f"p{i}", url_path=f"p{i}") for i in range(1, 12)]
pages.append(st.Page(summary, title="summary", url_path="summary"))
page = st.navigation(pages, position="hidden")
answered = sum(st.session_state.get(f"r{i}") is not None for i in range(RADIOS))
st.sidebar.segmented_control("Taal", ["nl", "en"], default="nl", key="lang")
st.sidebar.metric("Beantwoord", str(answered))
st.sidebar.progress(answered / RADIOS)
for p in pages:
    st.sidebar.page_link(p, label=p.title)
st.sidebar.toggle("Presentatiemodus", key="presentation")
page.run()
