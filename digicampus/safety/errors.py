class SafetyError:
    """Stable codes of the safety app's business refusals."""

    EMPTY_REPORT = "report_empty"
    BAD_CHOICE = "bad_choice"
    BAD_STATE = "bad_state"
    REASON_REQUIRED = "reason_required"
    SECOND_REVIEWER = "second_reviewer_required"
    SUSPENDED = "posting_suspended"
