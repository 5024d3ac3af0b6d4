"""Staff analytics: figures by month, counted by the database (TruncMonth with Count or Sum), one
query per table whatever the number of rows counted, with empty months shown as zeros. One
module per subject; this one lists the staff page's tables."""

from ..charts import DataTable
from .accounts import registrations
from .activity import group_activity, top_downloads
from .completions import learning
from .continuing_education import certificates, evaluation_results
from .periods import Period

# The staff page's tables, in page order; each is also a CSV at staff/analytics/<slug>.csv.
STAFF_TABLES = {
    "accounts": registrations,
    "learning": learning,
    "certificates": certificates,
    "groups": group_activity,
    "downloads": top_downloads,
    "evaluations": evaluation_results,
}


def staff_tables(period: Period) -> list[DataTable]:
    return [build(period) for build in STAFF_TABLES.values()]
