class SafetyError:
    """Stable codes of the safety app's business refusals."""

    NOT_YOUR_SCHOOL = "report_school_not_yours"
    EMPTY_REPORT = "report_empty"
