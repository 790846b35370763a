"""Size limits on input, in one place: every reader and the upload path use these."""
from __future__ import annotations

MAX_FILE_MB = 200        # one CSV or XLSX file of a dataset folder
MAX_UPLOAD_MB = 50       # everything uploaded at once, zips counted inflated (= maxUploadSize in .streamlit/config.toml)
MAX_UPLOAD_FILES = 20    # members of one uploaded zip
MAX_FIELD_CHARS = 131_072  # one cell (Python's csv default, enforced on both CSV paths)
MAX_WARNINGS_PER_KIND = 50  # row-level warnings of one kind in one column listed one by one; the rest counted
