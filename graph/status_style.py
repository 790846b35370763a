"""How a segment's status looks, wherever a chain map is drawn: its colour.

Kept apart from graph.viz (vis-network, igraph, pyvis: 0.1 s of imports) so that the static picture
(graph.picture) and the briefs that embed it import only this.

>>> STATUS_COLORS["gap"]
'#d62728'

A status's name is graph.messages' ``segment_status_<status>``.
"""

STATUS_COLORS = {"gap": "#d62728", "weak": "#ff9f1c", "strength": "#2ca02c", "normal": "#8fa8c8",
                 "lost": "#7b1fa2", "lost_cascade": "#c77dff"}
