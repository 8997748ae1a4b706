"""Information management: MoPI review and retention, and erasure that really erases.

Every record about a person, the kernel's and each module's (declared through the
``mips_retention`` hook), belongs to a MoPI group whose rules (``mopi.toml``, force-
editable, each value cited) give the person's next review date from their history: a new
contact resets the clear period. A reviewer keeps (with a reason and the next date) or
disposes; a disposal is executed after the force's cooling-off period, one person per
transaction, by a run that can be killed and rerun (:mod:`core.retention.erasure`). What
remains is a tombstone without personal data.
"""
