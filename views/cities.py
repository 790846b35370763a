"""城市布局 Cities: a map of the region's cities for one chain, chain × city heat table, a city profile, location
quotients. The map is an SVG drawn offline from data/geo/boundaries (graph.geo, graph.charts); the heat maps are
tables coloured by value (a browser draws both at once)."""
import streamlit as st

from graph.analysis.cities import chain_city_matrix, city_layout, city_location_quotients, city_segment_matrix
from graph.analysis.firms import top_firms_in_city
from graph.charts import city_map, heat_table
from graph.geo import city_boundaries, match_cities
from graph.messages import listed
from views.language import lang, t
from views.layout import flow
from views.source import BY_KEY, Source, chain_analysis, page_header
from views.widgets import chain_name, chain_picker, firm_dataframe, segment_names, size_basis_note, svg_chart

MEASURES = {"firms": "Blues", "revenue": "Greens", "lq": "Oranges"}


def some(names: list[str], most: int) -> str:
    """At most ``most`` names as a list in the session's language, 等 / … when there are more."""
    return listed(names[:most], lang()) + (t("city_more") if len(names) > most else "")


@st.cache_resource(show_spinner=False, max_entries=64, hash_funcs=BY_KEY)
def city_figure(source: Source, chain_id: str, measure: str, language: str):
    """(the map's SVG, cities of the data not on the map) for one chain and measure; None when no boundaries
    exist. Built once per data key, chain, measure and language."""
    G = source.facts
    shapes = city_boundaries(G.meta.region or "")
    if not shapes:
        return None, []
    segments = city_segment_matrix(G, chain_id)
    matrix = chain_city_matrix(G)
    known = [c for c in dict.fromkeys([*matrix.columns, *segments.columns]) if c != "?"]
    matched = match_cities(known, shapes)
    name_of = {s.id: s.name_en if language == "en" else s.name for s in G.chain_map(chain_id).segments}
    leaders = chain_analysis(source, chain_id).leaders.sort_values("rank")
    if measure == "lq":   # every city with local firms has an LQ (0 when none is in this chain)
        data = dict(city_location_quotients(matrix).loc[chain_id]) if chain_id in matrix.index else {}
    else:
        layout = city_layout(G, chain_id).set_index("city")
        data = dict(layout["local_firms" if measure == "firms" else "revenue"])
    values, hover = {}, {}
    for shape in shapes:
        cities = [c for c, s in matched.items() if s == shape]
        counts = segments.reindex(columns=cities, fill_value=0).sum(axis=1)
        missing = [name_of[s] for s in segments.index if counts.get(s, 0) == 0]
        top = leaders[leaders["city"].isin(cities)].head(3)
        lines = [t("city_covered", k=len(segments.index) - len(missing), n=len(segments.index)),
                 t("city_missing", n=len(missing), names=some(missing, 6)) if missing else t("city_none_missing")]
        if len(top):
            lines.append(t("city_leaders", names=some([f"{r.name}（{t('city_rank', rank=r.rank)}）" if language == "zh"
                                                     else f"{r.name} ({t('city_rank', rank=r.rank)})"
                                                     for r in top.itertuples()], 3)))
        hover[shape] = lines
        if measure != "lq":
            values[shape] = float(sum(data.get(c, 0.0) for c in cities))
        elif any(c in data for c in cities):
            values[shape] = float(next(data[c] for c in cities if c in data))
    figure = city_map(shapes, values, label=t(f"measure_{measure}"), hover=hover, colorscale=MEASURES[measure],
                      value_format=",.2f" if measure == "lq" else ",.0f", width=600)
    return figure, sorted(set(known) - set(matched))


source = page_header("page_cities")
G = source.facts
st.subheader(t("city_map"))
left, right = st.columns([2, 3])
with left:
    chain_id = chain_picker(G)
# revenue is offered only when some firm gives it (a registration export gives none: a map of zeros is no answer)
measures = [m for m in MEASURES if m != "revenue" or G.firms["revenue"].notna().any()]
measure = right.radio(t("city_colour_by"), measures, horizontal=True, format_func=lambda m: t(f"measure_{m}"),
                      key="city_measure")
figure, unmatched = city_figure(source, chain_id, measure, lang())
if figure is None:
    st.info(t("city_no_boundaries", region=G.meta.region or "?"))
else:
    svg_chart(figure)
    st.caption(t("city_map_note"))
    if unmatched:
        st.caption(t("city_unmatched", names=some(unmatched, 20)))

@st.cache_resource(show_spinner=False, max_entries=16, hash_funcs=BY_KEY)
def city_tables(source: Source, language: str):
    """(local firms chain × city, its location quotients, and both as heat tables), chains named in
    ``language``; built once per data key and language: read-only."""
    G = source.facts
    matrix = chain_city_matrix(G)
    named = matrix.rename(index=lambda c: chain_name(G, c))
    quotients = city_location_quotients(matrix).rename(index=lambda c: chain_name(G, c))
    return (named, quotients, heat_table(named, colorscale="Blues"),
            heat_table(quotients, colorscale="Oranges", value_format=".2f"))


@st.cache_resource(show_spinner=False, max_entries=64, hash_funcs=BY_KEY)
def segment_grid(source: Source, chain_id: str, language: str):
    """The chain's segment × city heat table (None when no local firm is in it), once per data key, chain and
    language: read-only."""
    G = source.facts
    segments = city_segment_matrix(G, chain_id).rename(index=segment_names(G, chain_id))
    return None if segments.empty else heat_table(segments, colorscale="Greens")


named, quotients, heat, quotient_heat = city_tables(source, lang())
st.subheader(t("heatmap"))
st.html(heat)

st.subheader(t("city_lq"))
st.caption(t("city_lq_note"))
st.html(quotient_heat)

st.subheader(t("city_profile"))
if named.columns.empty:
    st.info(t("none_found"))
    st.stop()
city = st.selectbox(t("city"), list(named.columns))
profile = named[city].rename(t("local_firms")).to_frame()
profile[t("measure_lq")] = quotients[city]
with flow("city_profile", 360):   # side by side on a wide page, one below the other on a laptop
    st.dataframe(profile.sort_values(t("local_firms"), ascending=False), width="stretch", placeholder="—")
    with st.container():
        top_firms = top_firms_in_city(G, city)
        st.markdown(f"**{t('top_firms')}**")
        if top_firms.empty:
            st.caption(t("none_found"))
        else:
            firm_dataframe(top_firms, {"name": "firm_name", "size": "size_on_basis"}, placeholder="—")
            size_basis_note(top_firms["size_basis"].iloc[0])

st.subheader(t("segment_city") + f" · {chain_name(G, chain_id)}")
grid = segment_grid(source, chain_id, lang())
if grid is None:
    st.info(t("none_found"))
else:
    st.html(grid)
