"""How a segment's status looks, wherever a chain map is drawn: its colour and its name (zh, en).

Kept apart from graph.viz (vis-network, igraph, pyvis: 0.1 s of imports) so that the static picture
(graph.picture) and the briefs that embed it import only this.

>>> STATUS_COLORS["gap"], STATUS_NAMES["gap"]
('#d62728', ('缺链', 'gap'))
"""

STATUS_COLORS = {"gap": "#d62728", "weak": "#ff9f1c", "strength": "#2ca02c", "normal": "#8fa8c8",
                 "lost": "#7b1fa2", "lost_cascade": "#c77dff"}
STATUS_NAMES = {"gap": ("缺链", "gap"), "weak": ("弱链", "weak link"), "strength": ("优势", "strength"),
                "normal": ("一般", "normal"), "lost": ("推演后直接缺链", "becomes a gap"),
                "lost_cascade": ("推演后连锁缺链", "lost through the cascade")}
