class OrgError:
    """Stable codes of the organisation app's business refusals."""

    YEAR_OVERLAP = "school_year_overlap"
    HOMEROOM_NOT_TEACHER = "homeroom_not_teacher"
    DUPLICATE_NAME = "duplicate_name"
