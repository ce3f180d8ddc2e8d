"""The interchange types a declared field can have (docs/codebook.md)."""

TEXT, INTEGER, AMOUNT, TEXT_LIST = "text", "integer", "amount", "text list"
FLAG = "flag"  # a yes/no of an account; not part of the interchange format
# Read-only: an ISO day the tracker derives on save. Exported; ignored when read back, so an
# export imports unchanged and an API client may send back what it read.
DERIVED_DATE = "derived date"
RECORDS = "records"  # a list of records of another type, nested in this one
