"""Size limits on input, in one place: every reader and the upload path use these."""
from __future__ import annotations

MAX_FILE_MB = 200        # one CSV or XLSX file of a dataset folder
MAX_UPLOAD_MB = 100      # everything uploaded at once, zips counted inflated
MAX_UPLOAD_FILES = 20    # members of one uploaded zip
