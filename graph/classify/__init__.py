"""Firm registry -> proposed segment memberships with a confidence and a basis, a review workbook, a dataset.

Modules: registry (reading exports), rules (the explainable matching), propose (candidates for a table),
review (the workbook a person corrects, and reading it back), xlsx (the small .xlsx writer it is written with),
output (the dataset folder), pipeline (the whole path, used by the CLI and the app), evaluate (precision/recall
on a labelled registry), demo (a registry view of a synthetic dataset), cli (`python -m graph classify`),
messages (this package's messages).

>>> from graph.classify.pipeline import classify_registry, write_outputs
>>> result = classify_registry("tests/data/classify/tiny.csv")
>>> result.memberships()[["chain_id", "segment_id"]].values.tolist()
[['construction_machinery', 'excavators'], ['construction_machinery', 'loaders'], ['construction_machinery', 'loaders']]
"""
