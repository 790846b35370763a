"""Pure analyses of the chain graph (networkx, pandas, numpy, scipy only)."""
